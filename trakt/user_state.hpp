#pragma once
// The user's own state for one title, picked out of their lists: plays of a
// movie, whether it is on the watchlist, their rating.

#include "trakt/model/title.hpp"

#include <boost/json/array.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trakt {

// The plays of one movie from a page of /sync/history/movies/{trakt id}
// asked with limit=1: Trakt's page count is then the number of plays, and the
// one item the newest play.
MoviePlays movie_plays(const boost::json::array& items, int page_count);

// Whether an item of `type` (movie | show) with this Trakt id is in a
// /sync/watchlist/{movies|shows} answer.
bool on_watchlist(const boost::json::array& watchlist, std::string_view type, std::int64_t trakt_id);

// The user's rating of the item of `type` with this Trakt id in a
// /sync/ratings/{movies|shows} answer: (rating, rated_at).
struct FoundRating {
  int rating = 0;
  std::optional<std::string> rated_at;
};
std::optional<FoundRating> find_rating(const boost::json::array& ratings, std::string_view type,
                                       std::int64_t trakt_id);

}  // namespace trakt
