#pragma once
// A year in review: what /sync/history?extended=full adds to a play
// (runtimes, genres), and the summary get_year_in_review makes of a year's
// plays.

#include "trakt/model/sync.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trakt {

// The extended=full members of a play's movie, show or episode that a year
// in review counts. A runtime of 0 is Trakt's "unknown", like null.
struct FullInfo {
  std::optional<std::int64_t> runtime;  // minutes
  std::vector<std::string> genres;      // movies and shows; episodes have none
  static constexpr model::Field fields[] = {{.name = "runtime", .minimum = 1},
                                            {.name = "genres", .blank_is_none = true}};
};
BOOST_DESCRIBE_STRUCT(FullInfo, (), (runtime, genres))

// A history play's extended=full parts, read beside its HistoryItem.
struct PlayDetails {
  std::optional<FullInfo> movie, show, episode;
};
BOOST_DESCRIBE_STRUCT(PlayDetails, (), (movie, show, episode))

struct ShowEpisodes {
  Show show;
  std::int64_t episodes = 0;  // different episodes seen that year
  std::int64_t plays = 0;
  static constexpr model::Field fields[] = {{.name = "episodes", .minimum = 0}, {.name = "plays", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(ShowEpisodes, (), (show, episodes, plays))

struct GenrePlays {
  std::string genre;
  std::int64_t plays = 0;
  static constexpr model::Field fields[] = {{.name = "plays", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(GenrePlays, (), (genre, plays))

struct MonthPlays {
  int month = 1;  // 1 = January
  std::string name;
  std::int64_t plays = 0;
  static constexpr model::Field fields[] = {{.name = "month", .minimum = 1, .maximum = 12},
                                            {.name = "plays", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(MonthPlays, (), (month, name, plays))

struct YearInReview {
  int year = 0;
  std::int64_t plays = 0;
  std::int64_t movie_plays = 0;
  std::int64_t episode_plays = 0;
  std::int64_t minutes = 0;
  std::int64_t hours = 0;
  std::int64_t movies = 0;    // different movies
  std::int64_t episodes = 0;  // different episodes
  std::int64_t no_runtime = 0;
  std::vector<std::int64_t> plays_by_month;  // January first; empty without plays
  std::vector<ShowEpisodes> top_shows;
  std::vector<GenrePlays> top_genres;
  std::optional<MonthPlays> busiest_month;
  std::optional<HistoryItem> first_play, last_play;
  static constexpr model::Field fields[] = {
      {.name = "year", .description = "by the local date of each play"},
      {.name = "plays", .minimum = 0},
      {.name = "movie_plays", .minimum = 0},
      {.name = "episode_plays", .minimum = 0},
      {.name = "minutes", .description = "runtimes added up", .minimum = 0},
      {.name = "hours", .description = "minutes / 60, rounded", .minimum = 0},
      {.name = "movies", .description = "different movies", .minimum = 0},
      {.name = "episodes", .description = "different episodes", .minimum = 0},
      {.name = "no_runtime", .description = "plays Trakt has no runtime for (no minutes counted)", .minimum = 0},
      {.name = "plays_by_month", .description = "January first", .minimum = 0},
      {.name = "top_shows", .description = "by different episodes seen"},
      {.name = "top_genres", .description = "by plays (an episode counts its show's genres)"}};
};
BOOST_DESCRIBE_STRUCT(YearInReview, (),
                      (year, plays, movie_plays, episode_plays, minutes, hours, movies, episodes, no_runtime,
                       plays_by_month, top_shows, top_genres, busiest_month, first_play, last_play))

}  // namespace trakt
