#pragma once
// /calendars/my/shows and /calendars/my/movies.

#include "trakt/model/media.hpp"

#include <optional>
#include <string>

namespace trakt {

struct CalendarEntry {
  std::string first_aired;  // UTC, ISO 8601
  Show show;
  Episode episode;
  static constexpr model::Field fields[] = {{.name = "first_aired", .description = "UTC", .needed = true},
                                            {.name = "show", .needed = true},
                                            {.name = "episode", .needed = true}};
  static constexpr model::Field derived[] = {{.name = "air_date", .description = "local date"}, poster_field};
  void derive(boost::json::object& o) const;
};
BOOST_DESCRIBE_STRUCT(CalendarEntry, (), (first_aired, show, episode))

// One movie of /calendars/my/movies: released is a date, no time of day.
struct CalendarMovie {
  std::string released;  // YYYY-MM-DD
  Movie movie;
  static constexpr model::Field fields[] = {{.name = "released", .description = "release date", .needed = true}, {.name = "movie", .needed = true}};
  static constexpr model::Field derived[] = {poster_field};
  void derive(boost::json::object& o) const { add_poster(o, "movie", movie.ids); }
  // The date leads the line and orders the list: without a readable one the
  // item cannot be placed. A full timestamp keeps only its date part.
  bool accept();
};
BOOST_DESCRIBE_STRUCT(CalendarMovie, (), (released, movie))

}  // namespace trakt
