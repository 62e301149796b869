#pragma once
// Trakt's charts, /movies|shows/trending|popular|anticipated: trending items
// carry how many people are watching now, anticipated ones how many lists
// they are on, popular ones are the title alone, as are related titles
// (/movies|shows/{id}/related).

#include "trakt/model/media.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace trakt {

struct ChartItem {
  std::optional<std::int64_t> watchers;
  std::optional<std::int64_t> list_count;
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<bool> seen;  // not Trakt's: set from the user's watched list when there is a login
  static constexpr model::Field fields[] = {{.name = "watchers", .description = "trending: watching now", .minimum = 0},
                                            {.name = "list_count", .description = "anticipated: on this many lists",
                                             .minimum = 0},
                                            {.name = "seen", .description = "logged in: the user watched it"}};
  static constexpr model::Field derived[] = {poster_field};
  void derive(boost::json::object& o) const;
  // `kind` (movie | show) says which title a bare popular item is.
  static std::optional<ChartItem> read(const boost::json::value& v, std::string_view kind);
};
BOOST_DESCRIBE_STRUCT(ChartItem, (), (watchers, list_count, movie, show, seen))

}  // namespace trakt
