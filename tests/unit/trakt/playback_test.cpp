// Continue watching, ratings and hidden shows: /sync/playback and
// /sync/ratings items read from the blueprint's examples (nulls too), their
// lines (PRODUCT.md: "[M] Heat (1995) · 42% · paused 2026-11-20 · playback 13",
// "10/10 [M] Heat (1995) · rated 2026-10-01"), and the cache rules: playback
// depends on the paused_at activities, and the writes drop what they touch.

#include "trakt/lines.hpp"
#include "trakt/read_cache.hpp"
#include "trakt/test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace {

namespace json = boost::json;
using namespace trakt;
using trakt_test::ScopedTz;

template <class T>
std::optional<T> map(std::string_view text) {
  auto r = json::try_value_to<T>(json::parse(text));
  if (!r) return std::nullopt;
  return std::move(*r);
}

// The blueprint's "Get playback progress" example.
constexpr std::string_view playback_movie = R"({"progress": 10.0, "paused_at": "2015-01-25T22:01:32.000Z", "id": 13,
  "type": "movie", "movie": {"title": "Batman Begins", "year": 2005, "ids": {"trakt": 1, "slug": "batman-begins-2005",
  "imdb": "tt0372784", "tmdb": 272}}})";
constexpr std::string_view playback_episode = R"({"progress": 65.5, "paused_at": "2015-01-25T22:01:32.000Z", "id": 37,
  "type": "episode", "episode": {"season": 0, "number": 1, "title": "Good Cop Bad Cop", "ids": {"trakt": 1,
  "tvdb": 3859781, "imdb": "", "tmdb": 62131}}, "show": {"title": "Breaking Bad", "year": 2008, "ids": {"trakt": 1,
  "slug": "breaking-bad", "tvdb": 81189, "imdb": "tt0903747", "tmdb": 1396}}})";

TEST(Playback, TheBlueprintsItemsAndTheirLines) {
  ScopedTz tz("UTC");
  auto movie = map<PlaybackItem>(playback_movie);
  ASSERT_TRUE(movie);
  EXPECT_EQ(movie->id, 13);
  EXPECT_EQ(movie->movie->ids.imdb, "tt0372784");
  EXPECT_EQ(format_line(*movie), "[M] Batman Begins (2005) · 10% · paused 2015-01-25 · playback 13");
  auto episode = map<PlaybackItem>(playback_episode);
  ASSERT_TRUE(episode);
  EXPECT_EQ(format_line(*episode), "[TV] Breaking Bad S00E01 - Good Cop Bad Cop · 65% · paused 2015-01-25 · playback 37");
  json::value written = json::value_from(*episode);
  EXPECT_EQ(written.at("paused_date"), "2015-01-25");
  EXPECT_EQ(written.at("progress"), 65.5);
}

TEST(Playback, PercentIsRoundedDownAndDatesAreLocal) {
  ScopedTz tz("America/New_York");
  PlaybackItem p{42, 99.9, "2026-11-21T03:00:00.000Z", "movie", Movie{"Heat", 1995, {}}, {}, {}};
  EXPECT_EQ(format_line(p), "[M] Heat (1995) · 99% · paused 2026-11-20 · playback 42");
  p.progress = 0.4;
  p.movie->year.reset();
  EXPECT_EQ(format_line(p), "[M] Heat · 0% · paused 2026-11-20 · playback 42");
}

TEST(Playback, ItemsMissingWhatTheyNeedAreRejected) {
  EXPECT_FALSE(map<PlaybackItem>(R"({"progress": 10, "paused_at": "2026-01-01T00:00:00Z", "id": 1, "type": "episode",
                                    "episode": {"season": 1, "number": 1}})"))
      << "an episode without its show";
  EXPECT_FALSE(map<PlaybackItem>(R"({"paused_at": "2026-01-01T00:00:00Z", "id": 1, "type": "movie",
                                    "movie": {"title": "Heat"}})"))
      << "no progress";
  EXPECT_FALSE(map<PlaybackItem>(R"({"progress": 10, "paused_at": "2026-01-01T00:00:00Z", "id": null,
                                    "type": "movie", "movie": {"title": "Heat"}})"))
      << "no playback id: nothing to remove it by";
  EXPECT_FALSE(map<PlaybackItem>(R"({"progress": 10, "paused_at": "2026-01-01T00:00:00Z", "id": 1, "type": "show",
                                    "show": {"title": "Dark"}})"));
}

TEST(Ratings, EveryKindFromTheBlueprintAndItsLine) {
  ScopedTz tz("UTC");
  const std::string show = R"({"title": "Breaking Bad", "year": 2008, "ids": {"trakt": 1, "slug": "breaking-bad"}})";
  auto movie = map<RatedItem>(R"({"rated_at": "2014-09-01T09:10:11.000Z", "rating": 10, "type": "movie",
      "movie": {"title": "TRON: Legacy", "year": 2010, "ids": {"trakt": 1, "slug": "tron-legacy-2010"}}})");
  ASSERT_TRUE(movie);
  EXPECT_EQ(format_line(*movie), "10/10 [M] TRON: Legacy (2010) · rated 2014-09-01");
  auto rated_show = map<RatedItem>(R"({"rated_at": "2014-09-01T09:10:11.000Z", "rating": 10, "type": "show", "show": )" +
                                   show + "}");
  ASSERT_TRUE(rated_show);
  EXPECT_EQ(format_line(*rated_show), "10/10 [TV] Breaking Bad (2008) · rated 2014-09-01");
  auto season = map<RatedItem>(R"({"rated_at": "2014-09-01T09:10:11.000Z", "rating": 8, "type": "season",
      "season": {"number": 0, "ids": {"tvdb": 439371, "tmdb": 3577}}, "show": )" + show + "}");
  ASSERT_TRUE(season);
  EXPECT_EQ(format_line(*season), "8/10 [TV] Breaking Bad (2008) S00 · rated 2014-09-01");
  auto episode = map<RatedItem>(R"({"rated_at": "2014-09-01T09:10:11.000Z", "rating": 10, "type": "episode",
      "episode": {"season": 4, "number": 1, "title": null, "ids": {"trakt": 49}}, "show": )" + show + "}");
  ASSERT_TRUE(episode);
  EXPECT_EQ(format_line(*episode), "10/10 [TV] Breaking Bad S04E01 · rated 2014-09-01");
  EXPECT_EQ(json::serialize(json::value_from(*episode).at("rated_date")), R"("2014-09-01")");
}

TEST(Ratings, ARatingOutOfRangeOrAKindWithoutItsObjectIsRejected) {
  EXPECT_FALSE(map<RatedItem>(R"({"rated_at": "2014-09-01T09:10:11.000Z", "rating": 11, "type": "movie",
                                 "movie": {"title": "Heat"}})"));
  EXPECT_FALSE(map<RatedItem>(R"({"rated_at": "2014-09-01T09:10:11.000Z", "rating": 9, "type": "season",
                                 "season": {"number": 1}})"));
}

bool drops(std::string_view write, std::string_view read) {
  const auto touched = reads_touched_by(write);
  return std::any_of(touched.begin(), touched.end(), [&](std::string_view p) { return read.starts_with(p); });
}

TEST(CacheRules, PlaybackDependsOnPausedAtAndHiddenWritesDropProgressAndTheCalendar) {
  auto playback = cache_rule("/sync/playback/movies");
  ASSERT_TRUE(playback);
  EXPECT_EQ(playback->activities, (std::vector<std::string_view>{"/movies/paused_at", "/episodes/paused_at"}));
  EXPECT_EQ(playback->max_age.count(), 0);
  EXPECT_TRUE(drops("/sync/playback/13", "/sync/playback"));
  EXPECT_FALSE(drops("/sync/playback/13", "/sync/history")) << "removing a paused item leaves the plays";
  for (const char* read : {"/users/hidden/progress_watched", "/users/hidden/calendar", "/calendars/my/shows/2026-12-01/7",
                           "/shows/154997/progress/watched", "/recommendations/shows"}) {
    EXPECT_TRUE(drops("/users/hidden/calendar", read)) << read;
    EXPECT_TRUE(drops("/users/hidden/progress_watched/remove", read)) << read;
  }
  EXPECT_FALSE(drops("/users/hidden/calendar", "/sync/watchlist"));
}

}  // namespace
