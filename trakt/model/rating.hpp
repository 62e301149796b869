#pragma once
// /sync/ratings/{type}/{rating}: the user's ratings, newest first.

#include "trakt/model/media.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace trakt {

struct RatedItem {
  std::int64_t rating = 0;
  std::string rated_at;  // UTC, ISO 8601
  std::string type;      // movie | show | season | episode
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Season> season;
  std::optional<Episode> episode;
  static constexpr model::Field fields[] = {{.name = "rating", .minimum = 1, .maximum = 10, .needed = true},
                                            {.name = "rated_at", .description = "UTC", .needed = true},
                                            {.name = "type", .choices = "movie|show|season|episode", .needed = true}};
  static constexpr model::Field derived[] = {{.name = "rated_date", .description = "local date"}};
  // Each type needs its own object (and its show, for seasons and episodes).
  bool accept() const;
  void derive(boost::json::object& o) const;
};
BOOST_DESCRIBE_STRUCT(RatedItem, (), (rating, rated_at, type, movie, show, season, episode))

}  // namespace trakt
