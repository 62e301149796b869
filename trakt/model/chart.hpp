#pragma once
// Trakt's charts, /movies|shows/trending|popular|anticipated: trending items
// carry how many people are watching now, anticipated ones how many lists
// they are on, popular ones are the title alone.

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
  static constexpr model::Field fields[] = {{.name = "watchers", .description = "trending: watching now", .minimum = 0},
                                            {.name = "list_count", .description = "anticipated: on this many lists",
                                             .minimum = 0}};
  // `kind` (movie | show) says which title a bare popular item is.
  static std::optional<ChartItem> read(const boost::json::value& v, std::string_view kind);
};
BOOST_DESCRIBE_STRUCT(ChartItem, (), (watchers, list_count, movie, show))

}  // namespace trakt
