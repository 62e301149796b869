// Model: tolerant mapping of Trakt JSON (the API blueprint's examples, and
// nulls where values were expected), null-free JSON out, the text lines of
// PRODUCT.md, and dates in the local time zone.

#include "trakt/lines.hpp"
#include "trakt/text.hpp"
#include "trakt/test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <gtest/gtest.h>

namespace {

namespace json = boost::json;
using namespace trakt;
using trakt_test::ScopedTz;
using trakt::text::local_date;

template <class T>
std::optional<T> map(std::string_view text) {
  auto r = json::try_value_to<T>(json::parse(text));
  if (!r) return std::nullopt;
  return std::move(*r);
}

// Walks a JSON tree and reports the path of the first null, if any.
std::optional<std::string> first_null(const json::value& v, const std::string& path = "$") {
  if (v.is_null()) return path;
  if (const auto* o = v.if_object())
    for (const auto& [k, x] : *o)
      if (auto p = first_null(x, path + "." + std::string(k))) return p;
  if (const auto* a = v.if_array())
    for (std::size_t i = 0; i < a->size(); ++i)
      if (auto p = first_null((*a)[i], path + "[" + std::to_string(i) + "]")) return p;
  return std::nullopt;
}

template <class T>
void expect_no_nulls(const T& x) {
  json::value v = json::value_from(x);
  auto p = first_null(v);
  EXPECT_FALSE(p) << "null at " << *p << " in " << json::serialize(v);
}

bool has_control_chars(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

// --- the API blueprint's examples --------------------------------------------------

constexpr const char* calendar_entry = R"({
  "first_aired": "2014-07-14T01:00:00.000Z",
  "episode": {"season": 7, "number": 4, "title": "Death is Not the End",
              "ids": {"trakt": 443, "tvdb": 4851180, "imdb": "tt3500614", "tmdb": 988123}},
  "show": {"title": "True Blood", "year": 2008,
           "ids": {"trakt": 5, "slug": "true-blood", "tvdb": 82283, "imdb": "tt0844441", "tmdb": 10545}}
})";

constexpr const char* history_movie = R"({
  "id": 1982346, "watched_at": "2014-03-31T09:28:53.000Z", "action": "scrobble", "type": "movie",
  "movie": {"title": "The Dark Knight", "year": 2008,
            "ids": {"trakt": 4, "slug": "the-dark-knight-2008", "imdb": "tt0468569", "tmdb": 155}}
})";

constexpr const char* history_episode = R"({
  "id": 1982347, "watched_at": "2014-02-27T09:28:53.000Z", "action": "checkin", "type": "episode",
  "episode": {"season": 2, "number": 1, "title": "Pawnee Zoo",
              "ids": {"trakt": 251, "tvdb": 797571, "imdb": null, "tmdb": 397629}},
  "show": {"title": "Parks and Recreation", "year": 2009,
           "ids": {"trakt": 4, "slug": "parks-and-recreation", "tvdb": 84912, "imdb": "tt1266020", "tmdb": 8592}}
})";

constexpr const char* watchlist_movie = R"({
  "rank": 1, "id": 101, "listed_at": "2014-09-01T09:10:11.000Z",
  "notes": "Need to catch up before TRON 3 is out.", "type": "movie",
  "movie": {"title": "TRON: Legacy", "year": 2010,
            "ids": {"trakt": 1, "slug": "tron-legacy-2010", "imdb": "tt1104001", "tmdb": 20526}}
})";

constexpr const char* watchlist_show = R"({
  "rank": 2, "id": 102, "listed_at": "2014-09-01T09:10:11.000Z", "notes": null, "type": "show",
  "show": {"title": "The Walking Dead", "year": 2010,
           "ids": {"trakt": 2, "slug": "the-walking-dead", "tvdb": 153021, "imdb": "tt1520211", "tmdb": 1402}}
})";

constexpr const char* watchlist_season = R"({
  "rank": 1, "id": 101, "listed_at": "2014-09-01T09:10:11.000Z", "notes": null, "type": "season",
  "season": {"number": 3, "ids": {"tvdb": 171641, "tmdb": 3575}},
  "show": {"title": "Breaking Bad", "year": 2008,
           "ids": {"trakt": 1, "slug": "breaking-bad", "tvdb": 81189, "imdb": "tt0903747", "tmdb": 1396}}
})";

constexpr const char* watchlist_episode = R"({
  "rank": 1, "id": 101, "listed_at": "2014-09-01T09:10:11.000Z", "notes": null, "type": "episode",
  "episode": {"season": 4, "number": 1, "title": "Box Cutter",
              "ids": {"trakt": 49, "tvdb": 2639411, "imdb": "tt1683084", "tmdb": 62118}},
  "show": {"title": "Breaking Bad", "year": 2008,
           "ids": {"trakt": 1, "slug": "breaking-bad", "tvdb": 81189, "imdb": "tt0903747", "tmdb": 1396}}
})";

TEST(ModelMapping, CalendarEntryFromTheBlueprint) {
  ScopedTz tz("UTC");
  auto e = map<CalendarEntry>(calendar_entry);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->first_aired, "2014-07-14T01:00:00.000Z");
  EXPECT_EQ(e->show.title, "True Blood");
  EXPECT_EQ(e->show.year, 2008);
  EXPECT_EQ(e->show.ids.slug, "true-blood");
  EXPECT_EQ(e->show.ids.trakt, 5);
  EXPECT_EQ(e->episode.season, 7);
  EXPECT_EQ(e->episode.number, 4);
  EXPECT_EQ(e->episode.title, "Death is Not the End");
  EXPECT_EQ(e->episode.ids.imdb, "tt3500614");
  EXPECT_EQ(format_line(*e), "2014-07-14 True Blood S07E04 - Death is Not the End");
  expect_no_nulls(*e);
  auto v = json::value_from(*e);
  EXPECT_EQ(v.at("air_date").as_string(), "2014-07-14");
  EXPECT_EQ(v.at("first_aired").as_string(), "2014-07-14T01:00:00.000Z");
}

constexpr const char* calendar_movie = R"({
  "released": "2014-08-01",
  "movie": {"title": "Guardians of the Galaxy", "year": 2014,
            "ids": {"trakt": 28, "slug": "guardians-of-the-galaxy-2014", "imdb": "tt2015381", "tmdb": 118340}}
})";

TEST(ModelMapping, CalendarMovieFromTheBlueprint) {
  auto m = map<CalendarMovie>(calendar_movie);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->released, "2014-08-01");
  EXPECT_EQ(m->movie.title, "Guardians of the Galaxy");
  EXPECT_EQ(m->movie.year, 2014);
  EXPECT_EQ(m->movie.ids.trakt, 28);
  EXPECT_EQ(m->movie.ids.imdb, "tt2015381");
  EXPECT_EQ(format_line(*m), "2014-08-01 [M] Guardians of the Galaxy (2014)");
  expect_no_nulls(*m);
  auto v = json::value_from(*m);
  EXPECT_EQ(v.at("released").as_string(), "2014-08-01");
  EXPECT_EQ(v.at("movie").at("ids").at("slug").as_string(), "guardians-of-the-galaxy-2014");
}

TEST(ModelNulls, CalendarMovieWithoutYearOrIdsLeavesThemOut) {
  auto m = map<CalendarMovie>(R"({"released":"2026-12-05","movie":{"title":"千と千尋の神隠し 🎬","year":null,
      "ids":{"trakt":9,"imdb":null,"tmdb":null}}})");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->movie.year);
  EXPECT_EQ(format_line(*m), "2026-12-05 [M] 千と千尋の神隠し 🎬");
  expect_no_nulls(*m);
  EXPECT_FALSE(json::value_from(*m).at("movie").as_object().contains("year"));
  // A timestamp where a date was expected keeps its date part; a missing title reads "Untitled".
  auto t = map<CalendarMovie>(R"({"released":"2026-12-05T00:00:00.000Z","movie":{"title":null,"year":2026}})");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_line(*t), "2026-12-05 [M] Untitled (2026)");
}

TEST(ModelNulls, CalendarMovieWithoutAReleaseDateOrMovieIsRejected) {
  for (const char* text :
       {R"({"movie":{"title":"M","year":2026}})", R"({"released":null,"movie":{"title":"M"}})",
        R"({"released":"soon","movie":{"title":"M"}})", R"({"released":"2026-02-30","movie":{"title":"M"}})",
        R"({"released":20261205,"movie":{"title":"M"}})", R"({"released":"2026-12-05"})",
        R"({"released":"2026-12-05","movie":null})", R"({"released":"2026-12-05","movie":"M"})", "null", "[]",
        "{}"})
    EXPECT_FALSE(map<CalendarMovie>(text)) << text;
}

TEST(ModelMapping, HistoryMovieFromTheBlueprint) {
  ScopedTz tz("UTC");
  auto h = map<HistoryItem>(history_movie);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->id, 1982346);
  EXPECT_EQ(h->action, "scrobble");
  EXPECT_EQ(h->type, "movie");
  ASSERT_TRUE(h->movie);
  EXPECT_EQ(h->movie->title, "The Dark Knight");
  EXPECT_EQ(h->movie->year, 2008);
  EXPECT_FALSE(h->movie->ids.tvdb);
  EXPECT_EQ(format_line(*h), "2014-03-31 [M] The Dark Knight (2008)");
  expect_no_nulls(*h);
}

TEST(ModelMapping, HistoryEpisodeWithNullImdbFromTheBlueprint) {
  ScopedTz tz("UTC");
  auto h = map<HistoryItem>(history_episode);
  ASSERT_TRUE(h);
  ASSERT_TRUE(h->show);
  ASSERT_TRUE(h->episode);
  EXPECT_FALSE(h->episode->ids.imdb);  // "imdb": null
  EXPECT_EQ(h->episode->ids.tvdb, 797571);
  EXPECT_EQ(h->episode->ids.trakt, 251);
  EXPECT_EQ(format_line(*h), "2014-02-27 [TV] Parks and Recreation S02E01 - Pawnee Zoo");
  expect_no_nulls(*h);
  auto v = json::value_from(*h);
  EXPECT_FALSE(v.at("episode").at("ids").as_object().contains("imdb"));
  EXPECT_EQ(v.at("watched_date").as_string(), "2014-02-27");
}

TEST(ModelMapping, WatchlistMovieFromTheBlueprint) {
  auto i = map<WatchlistItem>(watchlist_movie);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->rank, 1);
  EXPECT_EQ(i->notes, "Need to catch up before TRON 3 is out.");
  EXPECT_EQ(i->listed_at, "2014-09-01T09:10:11.000Z");
  EXPECT_EQ(format_line(*i), "[M] TRON: Legacy (2010)");
  expect_no_nulls(*i);
}

TEST(ModelMapping, WatchlistShowWithNullNotesFromTheBlueprint) {
  auto i = map<WatchlistItem>(watchlist_show);
  ASSERT_TRUE(i);
  EXPECT_FALSE(i->notes);
  EXPECT_EQ(format_line(*i), "[TV] The Walking Dead (2010)");
  expect_no_nulls(*i);
  EXPECT_FALSE(json::value_from(*i).as_object().contains("notes"));
}

TEST(ModelMapping, WatchlistSeasonFromTheBlueprint) {
  auto i = map<WatchlistItem>(watchlist_season);
  ASSERT_TRUE(i);
  ASSERT_TRUE(i->season);
  EXPECT_EQ(i->season->number, 3);
  EXPECT_FALSE(i->season->ids.trakt);
  EXPECT_EQ(i->season->ids.tvdb, 171641);
  EXPECT_EQ(format_line(*i), "[TV] Breaking Bad (2008) S03");
  expect_no_nulls(*i);
}

TEST(ModelMapping, WatchlistEpisodeFromTheBlueprint) {
  auto i = map<WatchlistItem>(watchlist_episode);
  ASSERT_TRUE(i);
  EXPECT_EQ(format_line(*i), "[TV] Breaking Bad S04E01 - Box Cutter");
  expect_no_nulls(*i);
}

// --- nulls and odd shapes ------------------------------------------------------------

TEST(ModelNulls, NullTitleAndYearBecomeAbsentNotNull) {
  auto m = map<WatchlistItem>(R"({"type":"movie","rank":null,"listed_at":null,
      "movie":{"title":null,"year":null,"ids":null}})");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->rank);
  EXPECT_FALSE(m->listed_at);
  EXPECT_FALSE(m->movie->year);
  EXPECT_FALSE(m->movie->ids.trakt);
  expect_no_nulls(*m);
  const auto line = format_line(*m);
  EXPECT_EQ(line.rfind("[M] ", 0), 0u) << line;
  EXPECT_EQ(line.find("null"), std::string::npos) << line;
  EXPECT_EQ(line.find("()"), std::string::npos) << line;
  EXPECT_EQ(line.find("None"), std::string::npos) << line;
}

TEST(ModelNulls, NullYearIsLeftOutOfTheLine) {
  auto m = map<WatchlistItem>(R"({"type":"movie","movie":{"title":"Movie Title","year":null,"ids":{}}})");
  ASSERT_TRUE(m);
  EXPECT_EQ(format_line(*m), "[M] Movie Title");
  auto s = map<WatchlistItem>(R"({"type":"show","show":{"title":"Show Title","ids":{}}})");
  ASSERT_TRUE(s);
  EXPECT_EQ(format_line(*s), "[TV] Show Title");
}

TEST(ModelNulls, NullEpisodeTitleLeavesOutTheTitlePart) {
  ScopedTz tz("UTC");
  auto e = map<CalendarEntry>(R"({"first_aired":"2026-11-24T12:00:00.000Z",
      "episode":{"season":2,"number":5,"title":null,"ids":{"trakt":1,"imdb":null}},
      "show":{"title":"The Show","year":2019,"ids":{"trakt":2}}})");
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->episode.title);
  EXPECT_EQ(format_line(*e), "2026-11-24 The Show S02E05");
  expect_no_nulls(*e);
  EXPECT_FALSE(json::value_from(*e).at("episode").as_object().contains("title"));
}

TEST(ModelNulls, IdsNullOrWrongTypeBecomeEmpty) {
  auto a = map<Show>(R"({"title":"X","year":2000,"ids":null})");
  ASSERT_TRUE(a);
  expect_no_nulls(*a);
  auto b = map<Show>(R"({"title":"X","year":"2000","ids":[1,2]})");
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->year);
  expect_no_nulls(*b);
  auto c = map<Ids>(R"({"trakt":"12","tvdb":1.5,"tmdb":null,"slug":7,"imdb":null})");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->trakt || c->tvdb || c->tmdb || c->slug || c->imdb);
  expect_no_nulls(*c);
}

// Items that cannot be shown are rejected (and counted as skipped by the tools).
TEST(ModelNulls, ItemsMissingWhatTheyNeedAreRejected) {
  EXPECT_FALSE(map<CalendarEntry>(R"({"first_aired":"2026-11-24T12:00:00.000Z",
      "episode":{"season":1,"number":1}})"))
      << "calendar entry without a show";
  EXPECT_FALSE(map<CalendarEntry>(R"({"first_aired":"2026-11-24T12:00:00.000Z","show":null,
      "episode":{"season":1,"number":1}})"))
      << "calendar entry with show null";
  EXPECT_FALSE(map<CalendarEntry>(R"({"first_aired":null,"show":{"title":"S"},
      "episode":{"season":1,"number":1}})"))
      << "calendar entry with first_aired null";
  EXPECT_FALSE(map<CalendarEntry>(R"({"first_aired":"2026-11-24T12:00:00.000Z","show":{"title":"S"},
      "episode":{"season":null,"number":1}})"))
      << "episode with season null";
  EXPECT_FALSE(map<HistoryItem>(R"({"id":1,"watched_at":"2026-11-19T10:00:00.000Z","type":"episode",
      "episode":{"season":1,"number":1}})"))
      << "history episode without a show";
  EXPECT_FALSE(map<HistoryItem>(R"({"id":1,"watched_at":null,"type":"movie","movie":{"title":"M"}})"))
      << "history item with watched_at null";
  EXPECT_FALSE(map<HistoryItem>(R"({"id":1,"watched_at":"2026-11-19T10:00:00.000Z","type":"movie","movie":null})"))
      << "history movie with movie null";
  EXPECT_FALSE(map<WatchlistItem>(R"({"type":"season","season":{"number":null},"show":{"title":"S"}})"))
      << "watchlist season with number null";
  EXPECT_FALSE(map<WatchlistItem>(R"({"type":"episode","episode":{"season":1,"number":2}})"))
      << "watchlist episode without a show";
  EXPECT_FALSE(map<WatchlistItem>(R"({"type":"person","person":{"name":"P"}})")) << "unknown type";
  EXPECT_FALSE(map<WatchlistItem>(R"({"type":null,"movie":{"title":"M"}})")) << "type null";
  EXPECT_FALSE(map<WatchlistItem>(R"({"type":"show","show":"Breaking Bad"})")) << "show not an object";
  for (const char* text : {"null", "42", "\"movie\"", "[]", "{}"}) {
    EXPECT_FALSE(map<CalendarEntry>(text)) << text;
    EXPECT_FALSE(map<WatchlistItem>(text)) << text;
    EXPECT_FALSE(map<HistoryItem>(text)) << text;
  }
}

TEST(ModelNulls, UnreadableTimestampGivesAPlaceholderDateNotACrash) {
  auto h = map<HistoryItem>(R"({"id":5,"watched_at":"yesterday-ish","action":"watch","type":"movie",
      "movie":{"title":"M","year":1990}})");
  ASSERT_TRUE(h);
  const auto line = format_line(*h);
  EXPECT_NE(line.find("[M] M (1990)"), std::string::npos) << line;
  EXPECT_EQ(line.find("null"), std::string::npos) << line;
  expect_no_nulls(*h);
  EXPECT_FALSE(json::value_from(*h).as_object().contains("watched_date"));
}

// --- the lines of PRODUCT.md -----------------------------------------------------------

Show show(std::string title, std::optional<int> year) { return Show{std::move(title), year, {}}; }
Movie movie(std::string title, std::optional<int> year) { return Movie{std::move(title), year, {}}; }
Episode episode(int s, int n, std::optional<std::string> title) { return Episode{s, n, std::move(title), {}}; }

TEST(FormatLine, Upcoming) {
  ScopedTz tz("UTC");
  CalendarEntry e{"2026-11-24T12:00:00.000Z", show("The Show", 2019), episode(2, 5, "Episode Title")};
  EXPECT_EQ(format_line(e), "2026-11-24 The Show S02E05 - Episode Title");
  e.episode.title.reset();
  EXPECT_EQ(format_line(e), "2026-11-24 The Show S02E05");
  e.episode.title = "";
  EXPECT_EQ(format_line(e), "2026-11-24 The Show S02E05");
}

TEST(FormatLine, Watchlist) {
  WatchlistItem m{"movie", 1, {}, {}, movie("Movie Title", 2025), {}, {}, {}};
  EXPECT_EQ(format_line(m), "[M] Movie Title (2025)");
  m.movie->year.reset();
  EXPECT_EQ(format_line(m), "[M] Movie Title");

  WatchlistItem s{"show", {}, {}, {}, {}, show("Show Title", 2019), {}, {}};
  EXPECT_EQ(format_line(s), "[TV] Show Title (2019)");

  WatchlistItem season{"season", {}, {}, {}, {}, show("Show Title", 2024), Season{3, {}}, {}};
  EXPECT_EQ(format_line(season), "[TV] Show Title (2024) S03");
  season.show->year.reset();
  EXPECT_EQ(format_line(season), "[TV] Show Title S03");

  WatchlistItem ep{"episode", {}, {}, {}, {}, show("Show", 2010), {}, episode(1, 2, "Title")};
  EXPECT_EQ(format_line(ep), "[TV] Show S01E02 - Title");
  ep.episode->title.reset();
  EXPECT_EQ(format_line(ep), "[TV] Show S01E02");
}

TEST(FormatLine, History) {
  ScopedTz tz("UTC");
  HistoryItem m{1, "2026-11-19T20:00:00.000Z", "watch", "movie", movie("Movie Title", 1990), {}, {}};
  EXPECT_EQ(format_line(m), "2026-11-19 [M] Movie Title (1990)");
  HistoryItem e{2, "2026-11-19T20:00:00.000Z", "watch", "episode", {}, show("Show", 2001), episode(2, 2, "Title")};
  EXPECT_EQ(format_line(e), "2026-11-19 [TV] Show S02E02 - Title");
}

TEST(FormatLine, ControlCharactersDoNotBreakTheLine) {
  ScopedTz tz("UTC");
  CalendarEntry e{"2026-11-24T12:00:00.000Z", show("Bad\nShow\r\x01", 2019),
                  episode(1, 1, std::string("Ti\ttle\n\x7f\x1b[31mred"))};
  const auto line = format_line(e);
  EXPECT_FALSE(has_control_chars(line)) << json::serialize(json::value(line));
  EXPECT_EQ(line.rfind("2026-11-24 Bad", 0), 0u) << line;

  WatchlistItem m{"movie", {}, {}, {}, movie("Line one\nLine two", 2000), {}, {}, {}};
  EXPECT_FALSE(has_control_chars(format_line(m))) << format_line(m);
  HistoryItem h{1, "2026-11-19T20:00:00.000Z", "watch", "episode", {}, show("A\r\nB", {}), episode(1, 1, "C\nD")};
  EXPECT_FALSE(has_control_chars(format_line(h))) << format_line(h);
}

// U+0085 NEXT LINE is a control character (Unicode category Cc) and a line
// break in Unicode, Python's str.splitlines() and many terminals.
TEST(FormatLine, C1ControlCharacterNextLineDoesNotBreakTheLine) {
  WatchlistItem m{"movie", {}, {}, {}, movie("First\u0085Second", 2000), {}, {}, {}};
  const auto line = format_line(m);
  EXPECT_EQ(line.find("\xC2\x85"), std::string::npos) << "U+0085 passed through: " << line;
}

TEST(FormatLine, UnicodeIsIntact) {
  ScopedTz tz("UTC");
  WatchlistItem m{"movie", {}, {}, {}, movie("Amélie — Le Fabuleux Destin 🎬", 2001), {}, {}, {}};
  EXPECT_EQ(format_line(m), "[M] Amélie — Le Fabuleux Destin 🎬 (2001)");
  auto e = map<CalendarEntry>(R"({"first_aired":"2026-11-24T12:00:00.000Z",
      "episode":{"season":1,"number":3,"title":"\u5de8\u4eba\u306e\u6765\u8972"},
      "show":{"title":"進撃の巨人","year":2013}})");
  ASSERT_TRUE(e);
  EXPECT_EQ(format_line(*e), "2026-11-24 進撃の巨人 S01E03 - 巨人の来襲");
}

TEST(FormatLine, NoNullNoneUndefinedInLines) {
  ScopedTz tz("UTC");
  for (const char* text : {history_movie, history_episode}) {
    auto h = map<HistoryItem>(text);
    ASSERT_TRUE(h);
    auto line = format_line(*h);
    for (const char* bad : {"null", "None", "undefined"}) EXPECT_EQ(line.find(bad), std::string::npos) << line;
  }
}

// --- dates -------------------------------------------------------------------------------

TEST(LocalDate, FollowsTheTimeZone) {
  // 20:00 UTC on 24 November: already the 25th in Auckland (UTC+13 in summer).
  const char* evening = "2026-11-24T20:00:00.000Z";
  // 03:00 UTC on 24 November: still the 23rd in Los Angeles (UTC-8).
  const char* night = "2026-11-24T03:00:00.000Z";
  {
    ScopedTz tz("UTC");
    EXPECT_EQ(local_date(evening), "2026-11-24");
    EXPECT_EQ(local_date(night), "2026-11-24");
  }
  {
    ScopedTz tz("Pacific/Auckland");
    EXPECT_EQ(local_date(evening), "2026-11-25");
    EXPECT_EQ(local_date(night), "2026-11-24");
  }
  {
    ScopedTz tz("America/Los_Angeles");
    EXPECT_EQ(local_date(evening), "2026-11-24");
    EXPECT_EQ(local_date(night), "2026-11-23");
    // Summer time (UTC-7) in July.
    EXPECT_EQ(local_date("2026-07-01T06:30:00.000Z"), "2026-06-30");
    EXPECT_EQ(local_date("2026-07-01T07:30:00.000Z"), "2026-07-01");
  }
}

TEST(LocalDate, LinesUseTheLocalDate) {
  CalendarEntry e{"2026-11-24T20:00:00.000Z", show("The Show", 2019), episode(2, 5, "Episode Title")};
  {
    ScopedTz tz("Pacific/Auckland");
    EXPECT_EQ(format_line(e), "2026-11-25 The Show S02E05 - Episode Title");
    EXPECT_EQ(json::value_from(e).at("air_date").as_string(), "2026-11-25");
  }
  {
    ScopedTz tz("America/Los_Angeles");
    HistoryItem h{1, "2026-11-20T03:00:00.000Z", "watch", "movie", movie("Movie Title", 1990), {}, {}};
    EXPECT_EQ(format_line(h), "2026-11-19 [M] Movie Title (1990)");
  }
}

TEST(LocalDate, UnreadableTimestampsAreNullopt) {
  ScopedTz tz("UTC");
  for (const char* s : {"", "garbage", "2026-13-45T00:00:00Z", "2026-02-30T10:00:00Z", "2026-11"})
    EXPECT_FALSE(local_date(s)) << s;
}

// --- stats ---------------------------------------------------------------------

TEST(ModelStats, TheBlueprintsStatsAsABlock) {
  auto s = json::try_value_to<UserStats>(json::parse(R"({
    "movies": {"plays": 155, "watched": 114, "minutes": 15650, "collected": 933, "ratings": 256, "comments": 28},
    "shows": {"watched": 16, "collected": 7, "ratings": 63, "comments": 20},
    "seasons": {"ratings": 6, "comments": 1},
    "episodes": {"plays": 552, "watched": 534, "minutes": 17330, "collected": 117, "ratings": 64, "comments": 14},
    "network": {"friends": 1, "followers": 4, "following": 11},
    "ratings": {"total": 389, "distribution": {"1": 18, "2": 1, "3": 4, "4": 1, "5": 10, "6": 9, "7": 37, "8": 37,
                                               "9": 57, "10": 215}}})"));
  ASSERT_TRUE(s);
  EXPECT_EQ(format_stats(*s),
            "Movies: 114 watched (155 plays, 10 days 20 h 50 min), 933 collected, 256 rated\n"
            "Shows: 16 watched, 7 collected, 63 rated\n"
            "Episodes: 534 watched (552 plays, 12 days 0 h 50 min), 117 collected, 64 rated\n"
            "Ratings: 389 in all, most often 10/10 (215)");
  EXPECT_EQ(json::serialize(json::value_from(*s).at("shows")),
            R"({"plays":0,"watched":16,"minutes":0,"collected":7,"ratings":63})");
}

TEST(ModelStats, NullsMissingKindsAndWrongTypesReadAsZero) {
  auto s = json::try_value_to<UserStats>(json::parse(
      R"({"movies": {"plays": null, "watched": "7", "minutes": 59, "collected": -3}, "episodes": null,
          "ratings": {"total": 2, "distribution": {"8": 2, "9": null}}})"));
  ASSERT_TRUE(s);
  EXPECT_EQ(format_stats(*s),
            "Movies: 0 watched (0 plays, 59 min), 0 collected, 0 rated\n"
            "Shows: 0 watched, 0 collected, 0 rated\n"
            "Episodes: 0 watched (0 plays, 0 min), 0 collected, 0 rated\n"
            "Ratings: 2 in all, most often 8/10 (2)");
  EXPECT_FALSE(json::try_value_to<UserStats>(json::parse("[]")));
}

}  // namespace

// local_date keeps the local days it has seen (long lists have many instants
// on few days): a day with a daylight-saving change is never kept, so the
// dates on both sides of each change and of each midnight stay right, and
// another TZ starts afresh.
TEST(LocalDate, DaysAroundDaylightSavingChangesAndAnotherZone) {
  {
    ScopedTz tz("America/New_York");  // 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"2026-03-07T17:00:00Z", "2026-03-07"},  // primes the day before the change
        {"2026-03-08T04:59:59Z", "2026-03-07"},  // 23:59:59 EST
        {"2026-03-08T05:00:00Z", "2026-03-08"},  // midnight EST
        {"2026-03-08T16:00:00Z", "2026-03-08"},
        {"2026-03-09T03:59:59Z", "2026-03-08"},  // 23:59:59 EDT: the change made the day 23 h
        {"2026-03-09T04:00:00Z", "2026-03-09"},
        {"2026-03-09T16:00:00Z", "2026-03-09"},  // primes the day after
        {"2026-03-10T03:59:59Z", "2026-03-09"},
        {"2026-03-10T04:00:00Z", "2026-03-10"},
        {"2026-11-01T03:59:59Z", "2026-10-31"},  // 23:59:59 EDT
        {"2026-11-02T04:59:59Z", "2026-11-01"},  // 23:59:59 EST: a 25 h day
        {"2026-11-02T05:00:00Z", "2026-11-02"},
    };
    for (int round = 0; round < 2; ++round)  // the second round answers from what the first kept
      for (const auto& [instant, date] : cases) EXPECT_EQ(local_date(instant), date) << instant << " round " << round;
  }
  {
    ScopedTz tz("Asia/Kathmandu");  // +05:45
    EXPECT_EQ(local_date("2026-03-08T18:14:59Z"), "2026-03-08");
    EXPECT_EQ(local_date("2026-03-08T18:15:00Z"), "2026-03-09");
    EXPECT_EQ(local_date("2026-03-07T17:00:00Z"), "2026-03-07");
  }
  {
    ScopedTz tz("UTC");
    EXPECT_EQ(local_date("2026-03-08T04:59:59Z"), "2026-03-08");  // not New York's day, kept above
  }
}
