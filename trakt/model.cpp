#include "trakt/model.hpp"

#include "support/json_fields.hpp"
#include "support/text.hpp"
#include "trakt/json_mapping.hpp"

#include <boost/json/value.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace trakt {

namespace json = boost::json;
using boost::system::result;

namespace {

using mapping::one_line;
using mapping::opt_object;
using mapping::opt_string;
using mapping::put;
using mapping::shape_error;

std::string year_suffix(const std::optional<int>& year) {
  return year ? " (" + std::to_string(*year) + ")" : "";
}

std::string title_or_placeholder(const std::string& title) { return title.empty() ? "Untitled" : one_line(title); }

std::string episode_code(int season, int number) {
  std::string code = "S";
  support::append_padded(code, season, 2);
  code += 'E';
  support::append_padded(code, number, 2);
  return code;
}

std::string episode_part(const Show& show, const Episode& e) {
  std::string s = title_or_placeholder(show.title);
  s += ' ';
  s += episode_code(e.season, e.number);
  if (e.title && !e.title->empty()) {
    s += " - ";
    s += one_line(*e.title);
  }
  return s;
}

std::string date_or_unknown(std::string_view iso) {
  auto d = local_date(iso);
  return d ? *d : "unknown date";
}

}  // namespace

// --- inbound ---------------------------------------------------------------

result<Ids> tag_invoke(json::try_value_to_tag<Ids>, const json::value& v) {
  Ids ids;
  if (const auto* o = v.if_object()) {
    ids.trakt = support::int_field<std::int64_t>(*o, "trakt");
    ids.tvdb = support::int_field<std::int64_t>(*o, "tvdb");
    ids.tmdb = support::int_field<std::int64_t>(*o, "tmdb");
    ids.slug = opt_string(*o, "slug");
    ids.imdb = opt_string(*o, "imdb");
  }
  return ids;
}

template <class T>
static result<T> titled(const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  T t;
  t.title = opt_string(*o, "title").value_or("");
  t.year = support::int_field<int>(*o, "year");
  t.ids = opt_object<Ids>(*o, "ids").value_or(Ids{});
  return t;
}

result<Movie> tag_invoke(json::try_value_to_tag<Movie>, const json::value& v) { return titled<Movie>(v); }
result<Show> tag_invoke(json::try_value_to_tag<Show>, const json::value& v) { return titled<Show>(v); }

result<Season> tag_invoke(json::try_value_to_tag<Season>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  auto n = support::int_field<int>(*o, "number");
  if (!n) return shape_error;
  return Season{*n, opt_object<Ids>(*o, "ids").value_or(Ids{})};
}

result<Episode> tag_invoke(json::try_value_to_tag<Episode>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  auto season = support::int_field<int>(*o, "season");
  auto number = support::int_field<int>(*o, "number");
  if (!season || !number) return shape_error;
  return Episode{*season, *number, opt_string(*o, "title"), opt_object<Ids>(*o, "ids").value_or(Ids{})};
}

result<CalendarEntry> tag_invoke(json::try_value_to_tag<CalendarEntry>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  auto aired = opt_string(*o, "first_aired");
  auto show = opt_object<Show>(*o, "show");
  auto episode = opt_object<Episode>(*o, "episode");
  if (!aired || !show || !episode) return shape_error;
  return CalendarEntry{*aired, std::move(*show), std::move(*episode)};
}

result<CalendarMovie> tag_invoke(json::try_value_to_tag<CalendarMovie>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  auto released = opt_string(*o, "released");
  auto movie = opt_object<Movie>(*o, "movie");
  // The date leads the line and orders the list: without a readable one the
  // item cannot be placed. A full timestamp keeps only its date part.
  if (!released || released->size() < 10 || !support::parse_utc_timestamp(released->substr(0, 10)) || !movie)
    return shape_error;
  return CalendarMovie{released->substr(0, 10), std::move(*movie)};
}

result<WatchlistItem> tag_invoke(json::try_value_to_tag<WatchlistItem>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  WatchlistItem i;
  i.type = opt_string(*o, "type").value_or("");
  i.rank = support::int_field<std::int64_t>(*o, "rank");
  i.listed_at = opt_string(*o, "listed_at");
  i.notes = opt_string(*o, "notes");
  i.movie = opt_object<Movie>(*o, "movie");
  i.show = opt_object<Show>(*o, "show");
  i.season = opt_object<Season>(*o, "season");
  i.episode = opt_object<Episode>(*o, "episode");
  // Each type needs its own object (and its show, for seasons and episodes).
  bool ok = (i.type == "movie" && i.movie) || (i.type == "show" && i.show) ||
            (i.type == "season" && i.show && i.season) || (i.type == "episode" && i.show && i.episode);
  if (!ok) return shape_error;
  return i;
}

result<HistoryItem> tag_invoke(json::try_value_to_tag<HistoryItem>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  HistoryItem i;
  i.id = support::int_field<std::int64_t>(*o, "id").value_or(0);
  i.watched_at = opt_string(*o, "watched_at").value_or("");
  i.action = opt_string(*o, "action").value_or("");
  i.type = opt_string(*o, "type").value_or("");
  i.movie = opt_object<Movie>(*o, "movie");
  i.show = opt_object<Show>(*o, "show");
  i.episode = opt_object<Episode>(*o, "episode");
  bool ok = (i.type == "movie" && i.movie) || (i.type == "episode" && i.show && i.episode);
  if (!ok || i.watched_at.empty()) return shape_error;
  return i;
}

// --- outbound (structuredContent): absent values are left out, never null --
// Built in place (emplace_object, value_from into the member), so that
// everything lands in the storage of the value asked for: a tool's monotonic
// resource then holds the whole answer and nothing is copied across.

void tag_invoke(json::value_from_tag, json::value& v, const Ids& ids) {
  auto& o = v.emplace_object();
  o.reserve(5);
  put(o, "trakt", ids.trakt);
  put(o, "slug", ids.slug);
  put(o, "imdb", ids.imdb);
  put(o, "tmdb", ids.tmdb);
  put(o, "tvdb", ids.tvdb);
}

template <class T>
static void from_titled(json::value& v, const T& t) {
  auto& o = v.emplace_object();
  o.reserve(3);
  o.emplace("title", t.title);
  put(o, "year", t.year);
  json::value_from(t.ids, o["ids"]);
}

void tag_invoke(json::value_from_tag, json::value& v, const Movie& m) { from_titled(v, m); }
void tag_invoke(json::value_from_tag, json::value& v, const Show& s) { from_titled(v, s); }

void tag_invoke(json::value_from_tag, json::value& v, const Season& s) {
  auto& o = v.emplace_object();
  o.emplace("number", s.number);
  json::value_from(s.ids, o["ids"]);
}

void tag_invoke(json::value_from_tag, json::value& v, const Episode& e) {
  auto& o = v.emplace_object();
  o.reserve(4);
  o.emplace("season", e.season);
  o.emplace("number", e.number);
  put(o, "title", e.title);
  json::value_from(e.ids, o["ids"]);
}

void tag_invoke(json::value_from_tag, json::value& v, const CalendarEntry& e) {
  auto& o = v.emplace_object();
  o.reserve(4);
  o.emplace("first_aired", e.first_aired);
  if (auto d = local_date(e.first_aired)) o.emplace("air_date", *d);
  json::value_from(e.show, o["show"]);
  json::value_from(e.episode, o["episode"]);
}

void tag_invoke(json::value_from_tag, json::value& v, const CalendarMovie& m) {
  auto& o = v.emplace_object();
  o.emplace("released", m.released);
  json::value_from(m.movie, o["movie"]);
}

void tag_invoke(json::value_from_tag, json::value& v, const WatchlistItem& i) {
  auto& o = v.emplace_object();
  o.reserve(8);
  o.emplace("type", i.type);
  put(o, "rank", i.rank);
  put(o, "listed_at", i.listed_at);
  put(o, "notes", i.notes);
  put(o, "movie", i.movie);
  put(o, "show", i.show);
  put(o, "season", i.season);
  put(o, "episode", i.episode);
}

void tag_invoke(json::value_from_tag, json::value& v, const HistoryItem& i) {
  auto& o = v.emplace_object();
  o.reserve(7);
  o.emplace("id", i.id);
  o.emplace("watched_at", i.watched_at);
  if (auto d = local_date(i.watched_at)) o.emplace("watched_date", *d);
  o.emplace("action", i.action);
  o.emplace("type", i.type);
  put(o, "movie", i.movie);
  put(o, "show", i.show);
  put(o, "episode", i.episode);
}

// --- stats -------------------------------------------------------------------

namespace {
// A count, or 0 when Trakt left it out, sent null, or sent something else.
std::int64_t count_of(const json::object* o, std::string_view key) {
  const auto n = o ? support::int_field(*o, key) : std::nullopt;
  return n && *n > 0 ? *n : 0;
}
}  // namespace

result<MediaStats> tag_invoke(json::try_value_to_tag<MediaStats>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  return MediaStats{count_of(o, "plays"), count_of(o, "watched"), count_of(o, "minutes"), count_of(o, "collected"),
                    count_of(o, "ratings")};
}

result<UserStats> tag_invoke(json::try_value_to_tag<UserStats>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  UserStats s;
  s.movies = opt_object<MediaStats>(*o, "movies").value_or(MediaStats{});
  s.shows = opt_object<MediaStats>(*o, "shows").value_or(MediaStats{});
  s.episodes = opt_object<MediaStats>(*o, "episodes").value_or(MediaStats{});
  const auto* ratings = support::object_field(*o, "ratings");
  s.ratings_total = count_of(ratings, "total");
  const auto* distribution = ratings ? support::object_field(*ratings, "distribution") : nullptr;
  for (int r = 1; r <= 10; ++r) s.rating_counts[r - 1] = count_of(distribution, std::to_string(r));
  return s;
}

void tag_invoke(json::value_from_tag, json::value& v, const MediaStats& m) {
  v = json::object{{"plays", m.plays},
                   {"watched", m.watched},
                   {"minutes", m.minutes},
                   {"collected", m.collected},
                   {"ratings", m.ratings}};
}

void tag_invoke(json::value_from_tag, json::value& v, const UserStats& s) {
  json::object distribution;
  for (int r = 1; r <= 10; ++r) distribution[std::to_string(r)] = s.rating_counts[r - 1];
  v = json::object{{"movies", json::value_from(s.movies)},
                   {"shows", json::value_from(s.shows)},
                   {"episodes", json::value_from(s.episodes)},
                   {"ratings", json::object{{"total", s.ratings_total}, {"distribution", std::move(distribution)}}}};
}

// --- dates -------------------------------------------------------------------

static std::string format_tm(const std::tm& tm) {
  std::string date;
  date.reserve(10);
  support::append_padded(date, tm.tm_year + 1900LL, 4);
  date += '-';
  support::append_padded(date, tm.tm_mon + 1, 2);
  date += '-';
  support::append_padded(date, tm.tm_mday, 2);
  return date;
}

namespace {

// The local day that contains an instant, as the UTC window [start, end) it
// covers: long lists ask for the dates of many instants on few days, and
// localtime_r costs thousands of instructions each.
struct LocalDay {
  std::int64_t start = 0, end = 0;
  std::string date;
};

// The window of `t`'s local day when the UTC offset is the same at both of
// its ends and at `t` (no daylight-saving change that day), else nullopt.
std::optional<LocalDay> local_day_of(std::int64_t t, const std::tm& tm) {
  const std::int64_t start = t - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec), end = start + 86400;
  for (const std::int64_t edge : {start, end - 1}) {
    std::time_t et = static_cast<std::time_t>(edge);
    std::tm etm{};
    if (!localtime_r(&et, &etm) || etm.tm_gmtoff != tm.tm_gmtoff) return std::nullopt;
  }
  return LocalDay{start, end, format_tm(tm)};
}

}  // namespace

std::optional<std::string> local_date(std::string_view iso_utc) {
  auto t = parse_utc_timestamp(iso_utc);
  if (!t) return std::nullopt;
  // Days seen lately, by UTC day number; emptied when TZ changes.
  thread_local std::array<LocalDay, 256> days{};
  thread_local std::string days_tz;
  const char* tz_env = std::getenv("TZ");
  const std::string_view tz = tz_env ? tz_env : "\x01unset";
  if (tz != days_tz) {
    days.fill(LocalDay{});
    days_tz = tz;
  }
  const auto slot = [](std::int64_t when) { return std::size_t(std::uint64_t(when / 86400) % 256); };
  // The window of t's local day starts on t's UTC day or the one before or after.
  for (const std::int64_t probe : {*t, *t - 86400, *t + 86400}) {
    const auto& d = days[slot(probe)];
    if (!d.date.empty() && d.start <= *t && *t < d.end) return d.date;
  }
  std::time_t tt = static_cast<std::time_t>(*t);
  std::tm tm{};
  if (!localtime_r(&tt, &tm)) return std::nullopt;
  if (auto day = local_day_of(*t, tm)) {
    std::string date = day->date;
    days[slot(day->start)] = std::move(*day);
    return date;
  }
  return format_tm(tm);
}

std::string local_today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return format_tm(tm);
}

// --- lines -------------------------------------------------------------------

std::string format_line(const CalendarEntry& e) {
  return date_or_unknown(e.first_aired) + " " + episode_part(e.show, e.episode);
}

std::string format_line(const CalendarMovie& m) {
  return m.released + " [M] " + title_or_placeholder(m.movie.title) + year_suffix(m.movie.year);
}

std::string format_line(const WatchlistItem& i) {
  if (i.type == "movie") return "[M] " + title_or_placeholder(i.movie->title) + year_suffix(i.movie->year);
  if (i.type == "show") return "[TV] " + title_or_placeholder(i.show->title) + year_suffix(i.show->year);
  if (i.type == "season") {
    char code[16];
    std::snprintf(code, sizeof code, " S%02d", i.season->number);
    return "[TV] " + title_or_placeholder(i.show->title) + year_suffix(i.show->year) + code;
  }
  return "[TV] " + episode_part(*i.show, *i.episode);
}

std::string format_line(const HistoryItem& i) {
  std::string line = date_or_unknown(i.watched_at);
  if (i.type == "movie") {
    line += " [M] ";
    line += title_or_placeholder(i.movie->title);
    line += year_suffix(i.movie->year);
  } else {
    line += " [TV] ";
    line += episode_part(*i.show, *i.episode);
  }
  return line;
}

namespace {
// "1 day 2 h 5 min" style, for watching time: "261 h 50 min" reads better as days.
std::string duration(std::int64_t minutes) {
  const std::int64_t days = minutes / (24 * 60), hours = minutes / 60 % 24, mins = minutes % 60;
  std::string out;
  if (days) out += std::to_string(days) + (days == 1 ? " day " : " days ");
  if (days || hours) out += std::to_string(hours) + " h ";
  return out + std::to_string(mins) + " min";
}

std::string media_line(std::string_view label, const MediaStats& m, bool has_plays) {
  std::string line = std::string(label) + ": " + std::to_string(m.watched) + " watched";
  if (has_plays) line += " (" + std::to_string(m.plays) + " plays, " + duration(m.minutes) + ")";
  return line + ", " + std::to_string(m.collected) + " collected, " + std::to_string(m.ratings) + " rated";
}
}  // namespace

std::string format_stats(const UserStats& s) {
  std::string text = media_line("Movies", s.movies, true) + "\n" + media_line("Shows", s.shows, false) + "\n" +
                     media_line("Episodes", s.episodes, true) + "\nRatings: " + std::to_string(s.ratings_total) +
                     " in all";
  // The most given rating, when there are any: what the user likes to say.
  std::size_t top = 0;
  for (std::size_t r = 1; r < s.rating_counts.size(); ++r)
    if (s.rating_counts[r] >= s.rating_counts[top]) top = r;
  if (s.rating_counts[top] > 0)
    text += ", most often " + std::to_string(top + 1) + "/10 (" + std::to_string(s.rating_counts[top]) + ")";
  return text;
}

}  // namespace trakt
