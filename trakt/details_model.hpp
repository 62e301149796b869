#pragma once
// One movie or show in detail (/movies/{id}?extended=full, /shows/{id}?extended=full),
// the user's own state for it (plays or progress, watchlist, rating), and
// recommendations (/recommendations/{movies|shows}), mapped tolerantly like
// model.hpp; the text block get_details prints and the recommendation lines.

#include "trakt/model.hpp"

#include <boost/json/array.hpp>
#include <boost/json/fwd.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trakt {

// When a show airs, in the show's own time zone.
struct Airs {
  std::optional<std::string> day, time, timezone;
};

// A summary with extended=full. The same shape serves movies and shows; the
// fields only one of them has stay empty for the other. `type` is not in
// Trakt's answer: the caller sets it ("movie" or "show").
struct TitleDetails {
  std::string type;
  std::string title;
  std::optional<int> year;
  Ids ids;
  std::optional<std::string> tagline, overview, status, certification, country, language;
  std::optional<std::string> released;     // movies: YYYY-MM-DD
  std::optional<std::string> first_aired;  // shows: UTC, ISO 8601
  std::optional<int> runtime;              // minutes
  std::vector<std::string> genres;
  std::optional<double> rating;  // 0..10
  std::optional<std::int64_t> votes;
  // Shows only.
  std::optional<std::string> network;
  std::optional<Airs> airs;
  std::optional<int> aired_episodes;
};

// /shows/{id}/progress/watched, the parts we show.
struct ShowProgress {
  int aired = 0;
  int completed = 0;
  std::optional<std::string> last_watched_at;
  std::optional<Episode> next_episode;
  std::optional<Episode> last_episode;
};

// A movie's plays from the user's history.
struct MoviePlays {
  std::int64_t plays = 0;
  std::optional<std::string> last_watched_at;  // the newest play
};

// The user's own state for one title: `watched` for movies, `progress` for shows.
struct UserState {
  std::optional<MoviePlays> watched;
  std::optional<ShowProgress> progress;
  bool on_watchlist = false;
  std::optional<int> rating;  // 1..10
  std::optional<std::string> rated_at;
};

// Someone who favorited a recommended title, with their note.
struct Favorite {
  std::string username;
  std::optional<std::string> name;
  std::optional<std::string> notes;
};

// One recommended movie or show (the same shape for both).
struct Recommendation {
  std::string title;
  std::optional<int> year;
  Ids ids;
  std::vector<Favorite> favorited_by;
};

#define TRAKT_DETAILS_CONVERSIONS(T)                                                                        \
  boost::system::result<T> tag_invoke(boost::json::try_value_to_tag<T>, const boost::json::value& v);       \
  void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const T& x);
TRAKT_DETAILS_CONVERSIONS(Airs)
TRAKT_DETAILS_CONVERSIONS(TitleDetails)
TRAKT_DETAILS_CONVERSIONS(ShowProgress)
TRAKT_DETAILS_CONVERSIONS(Favorite)
TRAKT_DETAILS_CONVERSIONS(Recommendation)
#undef TRAKT_DETAILS_CONVERSIONS
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const MoviePlays& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const UserState& x);

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

// The get_details block, one fact a line; lines whose data is missing are
// left out:
//   [M] Heat (1995)
//   Released: 1995-12-15
//   Runtime: 170 min
//   Genres: crime, drama, thriller
//   Rating: 8.2/10 (12,345 votes)
//   Status: released
//   Ids: trakt 1234 · slug heat-1995 · imdb tt0113277
//   You: watched 2 times, last 2026-11-02
//   On your watchlist: yes
//   Your rating: 9/10
//   Overview: ...
// Shows add Network, Airs and Episodes after Status, and say the progress:
//   You: 7 of 18 episodes watched, next S02E03 - Title
std::string format_details(const TitleDetails& d, const UserState& u);

// "[M] Blackfish (2013) · trakt 58 · imdb tt2545118": the search line
// (search_model.hpp) for a recommended movie, or show with type "show".
std::string format_recommendation(const Recommendation& r, std::string_view type);

}  // namespace trakt
