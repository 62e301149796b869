#pragma once
// A year in review made of a year's history plays (read with extended=full):
// counted page by page as the pages arrive, in any order, so no page needs to
// be kept once counted. Pure: the tool does the fetching.

#include "trakt/model/year.hpp"

#include <boost/json/array.hpp>

#include <array>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace trakt {

// The UTC window [start, end] of a calendar year in the local time zone (TZ),
// as Trakt's start_at / end_at take it: "2025-12-31T23:00:00.000Z",
// "2026-12-31T22:59:59.999Z" in Europe/Paris.
std::pair<std::string, std::string> local_year_window(int year);

// This year in the local time zone.
int local_year();

class YearTally {
public:
  explicit YearTally(int year) : year_(year) {}

  // Counts the plays of one page whose local date falls in the year; plays
  // that cannot be read are counted as skipped.
  void add(const boost::json::array& page);
  std::size_t skipped() const { return skipped_; }

  // The summary, with the `top` first shows and genres.
  YearInReview finish(std::size_t top = 5) const;

private:
  struct ShowSeen {
    Show show;
    std::set<std::string> episodes;
    std::int64_t plays = 0;
  };
  void count(const HistoryItem& play, const PlayDetails& details, int month);

  int year_;
  std::size_t skipped_ = 0;
  std::int64_t plays_ = 0, movie_plays_ = 0, episode_plays_ = 0, minutes_ = 0, no_runtime_ = 0;
  std::array<std::int64_t, 12> months_{};
  std::set<std::string> movies_, episodes_;
  std::map<std::string, ShowSeen> shows_;  // by show key
  std::map<std::string, std::int64_t> genres_;
  // The earliest and latest play: (UTC seconds, history id) and the play.
  std::optional<std::pair<std::pair<std::int64_t, std::int64_t>, HistoryItem>> first_, last_;
};

// The review as a few lines:
//   2026: 412 plays, 301 hours · 58 movies, 354 episodes
//   Top shows: Severance (40 episodes), The Bear (18 episodes)
//   Top genres: drama (120), comedy (80)
//   Busiest month: March (61 plays)
//   First play: 2026-01-01 [M] Heat (1995); last: 2026-11-30 [TV] Severance S01E01 - Good News About Hell
// or "No plays in 2019 on Trakt."
std::string format_year(const YearInReview& y);

}  // namespace trakt
