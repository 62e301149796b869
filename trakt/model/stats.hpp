#pragma once
// /users/{id}/stats. Counts Trakt leaves out, sends null or negative are 0.

#include "trakt/model/shape.hpp"

#include <array>
#include <cstdint>

namespace trakt {

// One kind of media.
struct MediaStats {
  std::int64_t plays = 0;
  std::int64_t watched = 0;
  std::int64_t minutes = 0;
  std::int64_t collected = 0;
  std::int64_t ratings = 0;
  static constexpr model::Field fields[] = {{.name = "plays", .minimum = 0},     {.name = "watched", .minimum = 0},
                                            {.name = "minutes", .minimum = 0},   {.name = "collected", .minimum = 0},
                                            {.name = "ratings", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(MediaStats, (), (plays, watched, minutes, collected, ratings))

// How many ratings of 1 to 10: Trakt's {"1": n, ..., "10": n}, keys that are
// numbers, so it has conversions of its own.
struct RatingCounts {
  std::array<std::int64_t, 10> counts{};  // [0] is how many 1s, [9] how many 10s
  static boost::json::object json_schema();
};
boost::system::result<RatingCounts> tag_invoke(boost::json::try_value_to_tag<RatingCounts>,
                                               const boost::json::value& v);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const RatingCounts& x);

struct RatingStats {
  std::int64_t total = 0;
  RatingCounts distribution;
  static constexpr model::Field fields[] = {{.name = "total", .minimum = 0},
                                            {.name = "distribution", .description = "how many ratings of 1 to 10"}};
};
BOOST_DESCRIBE_STRUCT(RatingStats, (), (total, distribution))

struct UserStats {
  MediaStats movies;
  MediaStats shows;
  MediaStats episodes;
  RatingStats ratings;
};
BOOST_DESCRIBE_STRUCT(UserStats, (), (movies, shows, episodes, ratings))

}  // namespace trakt
