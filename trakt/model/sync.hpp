#pragma once
// The user's own lists under /sync: the watchlist and the watch history.

#include "trakt/model/media.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace trakt {

struct WatchlistItem {
  std::string type;  // movie | show | season | episode
  std::optional<std::int64_t> rank;
  std::optional<std::string> listed_at;
  std::optional<std::string> notes;
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Season> season;
  std::optional<Episode> episode;
  static constexpr model::Field fields[] = {{.name = "type", .choices = "movie|show|season|episode", .needed = true}};
  static constexpr model::Field derived[] = {poster_field};
  void derive(boost::json::object& o) const;  // a season's or episode's is its show's
  // Each type needs its own object (and its show, for seasons and episodes).
  bool accept() const;
};
BOOST_DESCRIBE_STRUCT(WatchlistItem, (), (type, rank, listed_at, notes, movie, show, season, episode))

struct HistoryItem {
  std::int64_t id = 0;
  std::string watched_at;  // UTC, ISO 8601
  std::string action;
  std::string type;  // movie | episode
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Episode> episode;
  static constexpr model::Field fields[] = {{.name = "watched_at", .description = "UTC", .needed = true},
                                            {.name = "type", .choices = "movie|episode", .needed = true}};
  static constexpr model::Field derived[] = {{.name = "watched_date", .description = "local date"}};
  bool accept() const;
  void derive(boost::json::object& o) const;
};
BOOST_DESCRIBE_STRUCT(HistoryItem, (), (id, watched_at, action, type, movie, show, episode))

}  // namespace trakt
