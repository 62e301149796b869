#pragma once
// Trakt's JSON mapped to our own types, tolerantly (unknown fields ignored,
// nulls and missing optional fields become nullopt), and the lines people read.

#include "support/time.hpp"

#include <boost/json/fwd.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/result.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace trakt {

struct Ids {
  std::optional<std::int64_t> trakt, tvdb, tmdb;
  std::optional<std::string> slug, imdb;
};

struct Movie {
  std::string title;
  std::optional<int> year;
  Ids ids;
};

struct Show {
  std::string title;
  std::optional<int> year;
  Ids ids;
};

struct Season {
  int number = 0;
  Ids ids;
};

struct Episode {
  int season = 0;
  int number = 0;
  std::optional<std::string> title;
  Ids ids;
};

struct CalendarEntry {
  std::string first_aired;  // UTC, ISO 8601
  Show show;
  Episode episode;
};

// One movie of /calendars/my/movies: released is a date, no time of day.
struct CalendarMovie {
  std::string released;  // YYYY-MM-DD
  Movie movie;
};

struct WatchlistItem {
  std::string type;  // movie | show | season | episode
  std::optional<std::int64_t> rank;
  std::optional<std::string> listed_at;
  std::optional<std::string> notes;
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Season> season;
  std::optional<Episode> episode;
};

struct HistoryItem {
  std::int64_t id = 0;
  std::string watched_at;  // UTC, ISO 8601
  std::string action;
  std::string type;  // movie | episode
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Episode> episode;
};

// One kind of media in /users/{id}/stats; counts Trakt leaves out are 0.
struct MediaStats {
  std::int64_t plays = 0;
  std::int64_t watched = 0;
  std::int64_t minutes = 0;
  std::int64_t collected = 0;
  std::int64_t ratings = 0;
};

struct UserStats {
  MediaStats movies;
  MediaStats shows;
  MediaStats episodes;
  std::int64_t ratings_total = 0;
  std::array<std::int64_t, 10> rating_counts{};  // [0] is how many 1s, [9] how many 10s
};

#define TRAKT_MODEL_CONVERSIONS(T)                                                                          \
  boost::system::result<T> tag_invoke(boost::json::try_value_to_tag<T>, const boost::json::value& v);       \
  void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const T& x);
TRAKT_MODEL_CONVERSIONS(Ids)
TRAKT_MODEL_CONVERSIONS(Movie)
TRAKT_MODEL_CONVERSIONS(Show)
TRAKT_MODEL_CONVERSIONS(Season)
TRAKT_MODEL_CONVERSIONS(Episode)
TRAKT_MODEL_CONVERSIONS(CalendarEntry)
TRAKT_MODEL_CONVERSIONS(CalendarMovie)
TRAKT_MODEL_CONVERSIONS(WatchlistItem)
TRAKT_MODEL_CONVERSIONS(HistoryItem)
TRAKT_MODEL_CONVERSIONS(MediaStats)
TRAKT_MODEL_CONVERSIONS(UserStats)
#undef TRAKT_MODEL_CONVERSIONS

// "2026-11-24T01:00:00.000Z" -> epoch seconds.
using support::parse_utc_timestamp;
// The calendar date of a UTC timestamp in the local time zone (TZ), or
// nullopt when the timestamp cannot be read.
std::optional<std::string> local_date(std::string_view iso_utc);
// Today in the local time zone, YYYY-MM-DD.
std::string local_today();

// The lines of PRODUCT.md.
std::string format_line(const CalendarEntry& e);
std::string format_line(const CalendarMovie& m);
std::string format_line(const WatchlistItem& i);
std::string format_line(const HistoryItem& i);
// The stats as a short block, one kind of media a line.
std::string format_stats(const UserStats& s);

}  // namespace trakt
