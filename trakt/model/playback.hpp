#pragma once
// /sync/playback: the movies and episodes the user paused part-way ("continue
// watching"); Trakt keeps them for six months.

#include "trakt/model/media.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace trakt {

struct PlaybackItem {
  std::int64_t id = 0;  // the playback id remove_playback takes
  double progress = 0;  // percent watched, 0 to 100
  std::string paused_at;  // UTC, ISO 8601
  std::string type;       // movie | episode
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Episode> episode;
  static constexpr model::Field fields[] = {
      {.name = "id", .description = "playback id (remove_playback)", .minimum = 1, .needed = true},
      {.name = "progress", .description = "percent watched", .minimum = 0, .maximum = 100, .needed = true},
      {.name = "paused_at", .description = "UTC", .needed = true},
      {.name = "type", .choices = "movie|episode", .needed = true}};
  static constexpr model::Field derived[] = {{.name = "paused_date", .description = "local date"}};
  bool accept() const;
  void derive(boost::json::object& o) const;
};
BOOST_DESCRIBE_STRUCT(PlaybackItem, (), (id, progress, paused_at, type, movie, show, episode))

}  // namespace trakt
