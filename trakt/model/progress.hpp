#pragma once
// Watched progress: /sync/watched/shows, /shows/{id}/progress/watched,
// /users/hidden/progress_watched, and the "up next" item made of them.

#include "trakt/model/media.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace trakt {

// One show of /sync/watched/shows (the seasons, when sent, are not read).
struct WatchedShow {
  Show show;
  std::optional<std::string> last_watched_at;  // UTC, ISO 8601
  std::int64_t plays = 0;
  static constexpr model::Field fields[] = {{.name = "show", .needed = true}, {.name = "plays", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(WatchedShow, (), (show, last_watched_at, plays))

// /shows/{id}/progress/watched, the parts we use. Counts Trakt leaves out,
// sends null or negative are 0.
struct ShowProgress {
  std::int64_t aired = 0;
  std::int64_t completed = 0;
  std::optional<std::string> last_watched_at;
  std::optional<Episode> next_episode;  // null when nothing aired is left
  std::optional<Episode> last_episode;
  static constexpr model::Field fields[] = {{.name = "aired", .minimum = 0},
                                            {.name = "completed", .minimum = 0},
                                            {.name = "last_watched_at", .blank_is_none = true}};
};
BOOST_DESCRIBE_STRUCT(ShowProgress, (), (aired, completed, last_watched_at, next_episode, last_episode))

// One item of /users/hidden/progress_watched; only shows matter to up next
// (a hidden season is already left out of progress by hidden=false).
struct HiddenItem {
  std::string type;  // show | season
  std::optional<Show> show;
};
BOOST_DESCRIBE_STRUCT(HiddenItem, (), (type, show))

// One line of get_up_next.
struct UpNextItem {
  Show show;
  Episode episode;
  std::int64_t left = 0;  // aired episodes not yet watched
  std::optional<std::string> last_watched_at;
  static constexpr model::Field fields[] = {{.name = "left", .description = "aired episodes not yet watched",
                                             .minimum = 1},
                                            {.name = "last_watched_at", .description = "UTC, ISO 8601"}};
  static constexpr model::Field derived[] = {{.name = "last_watched_date", .description = "local date, YYYY-MM-DD"},
                                             poster_field};
  void derive(boost::json::object& o) const;
};
BOOST_DESCRIBE_STRUCT(UpNextItem, (), (show, episode, left, last_watched_at))

}  // namespace trakt
