// Up next: tolerant mapping of /sync/watched/shows, /shows/{id}/progress/watched
// and /users/hidden/progress_watched (the blueprint's examples, nulls), which
// shows count as part-way through, their order (newest watched first, hidden
// ones out), the id used in the progress path, null-free JSON out, and the line.

#include "trakt/lines.hpp"
#include "trakt/up_next.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace {

namespace json = boost::json;
using trakt::HiddenItem;
using trakt::Show;
using trakt::UpNextItem;
using trakt::ShowProgress;
using trakt::WatchedShow;

template <class T>
std::optional<T> map(std::string_view text) {
  auto r = json::try_value_to<T>(json::parse(text));
  if (!r) return std::nullopt;
  return std::move(*r);
}

bool has_null(const json::value& v) {
  if (v.is_null()) return true;
  if (const auto* o = v.if_object())
    for (const auto& [k, x] : *o)
      if (has_null(x)) return true;
  return false;
}

WatchedShow watched(std::string title, std::optional<std::int64_t> trakt_id, std::optional<std::string> last,
                    std::optional<std::string> slug = std::nullopt) {
  WatchedShow w;
  w.show.title = std::move(title);
  w.show.ids.trakt = trakt_id;
  w.show.ids.slug = std::move(slug);
  w.last_watched_at = std::move(last);
  return w;
}

ShowProgress progress(std::int64_t aired, std::int64_t completed, std::optional<trakt::Episode> next) {
  ShowProgress p;
  p.aired = aired;
  p.completed = completed;
  p.next_episode = std::move(next);
  return p;
}

trakt::Episode episode(int season, int number, std::optional<std::string> title) {
  return trakt::Episode{season, number, std::move(title), {}};
}

std::vector<std::string> titles(const std::vector<WatchedShow>& v) {
  std::vector<std::string> out;
  for (const auto& w : v) out.push_back(w.show.title);
  return out;
}

// --- mapping -------------------------------------------------------------------

TEST(UpNextModel, WatchedShowFromTheBlueprint) {
  auto w = map<WatchedShow>(R"({"plays":23,"last_watched_at":"2014-10-12T17:00:54.000Z",
    "last_updated_at":"2014-10-12T17:00:54.000Z","reset_at":"2019-08-12T17:00:54.000Z",
    "show":{"title":"Parks and Recreation","year":2009,"ids":{"trakt":4,"slug":"parks-and-recreation",
    "tvdb":84912,"imdb":"tt1266020","tmdb":8592}}})");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->show.title, "Parks and Recreation");
  EXPECT_EQ(w->show.year, 2009);
  EXPECT_EQ(w->show.ids.trakt, 4);
  EXPECT_EQ(w->plays, 23);
  EXPECT_EQ(w->last_watched_at, "2014-10-12T17:00:54.000Z");
}

TEST(UpNextModel, WatchedShowNeedsItsShow) {
  EXPECT_FALSE(map<WatchedShow>(R"({"plays":1,"last_watched_at":"2014-10-12T17:00:54.000Z"})"));
  EXPECT_FALSE(map<WatchedShow>(R"({"plays":1,"show":null})"));
  EXPECT_FALSE(map<WatchedShow>(R"([1,2])"));
  auto w = map<WatchedShow>(R"({"plays":null,"last_watched_at":null,"show":{"title":null,"year":null,"ids":{}}})");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->plays, 0);
  EXPECT_FALSE(w->last_watched_at);
  EXPECT_EQ(w->show.title, "");
}

TEST(UpNextModel, ProgressFromTheBlueprint) {
  auto p = map<ShowProgress>(R"({"aired":8,"completed":6,"last_watched_at":"2015-03-21T19:03:58.000Z",
    "reset_at":null,"seasons":[{"number":1,"title":"The first Hodor.","aired":8,"completed":6,"episodes":[]}],
    "hidden_seasons":[{"number":2,"ids":{"trakt":3051,"tvdb":498968,"tmdb":53334}}],
    "next_episode":{"season":1,"number":7,"title":"Water","ids":{"trakt":62315,"tvdb":4849873,"imdb":null,"tmdb":null}},
    "last_episode":{"season":1,"number":6,"title":"Fire","ids":{"trakt":62314,"tvdb":4849872,"imdb":null,"tmdb":null}}})");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->aired, 8);
  EXPECT_EQ(p->completed, 6);
  ASSERT_TRUE(p->next_episode);
  EXPECT_EQ(p->next_episode->season, 1);
  EXPECT_EQ(p->next_episode->number, 7);
  EXPECT_EQ(p->next_episode->title, "Water");
  EXPECT_EQ(p->next_episode->ids.trakt, 62315);
  EXPECT_FALSE(p->next_episode->ids.imdb);
}

TEST(UpNextModel, ProgressToleratesNullsAndMissingFields) {
  auto p = map<ShowProgress>(R"({"aired":null,"next_episode":null})");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->aired, 0);
  EXPECT_EQ(p->completed, 0);
  EXPECT_FALSE(p->next_episode);
  // A next episode without its numbers cannot be named: as if there were none.
  auto q = map<ShowProgress>(R"({"aired":3,"completed":1,"next_episode":{"title":"x"}})");
  ASSERT_TRUE(q);
  EXPECT_FALSE(q->next_episode);
  EXPECT_FALSE(map<ShowProgress>("[]"));
}

TEST(UpNextModel, HiddenItems) {
  auto show = map<HiddenItem>(R"({"hidden_at":"2015-03-30T23:18:42.000Z","type":"show",
    "show":{"title":"Gossip Girl","year":2007,"ids":{"trakt":30,"slug":"gossip-girl"}}})");
  ASSERT_TRUE(show);
  EXPECT_EQ(show->type, "show");
  ASSERT_TRUE(show->show);
  EXPECT_EQ(show->show->ids.trakt, 30);
  auto season = map<HiddenItem>(R"({"hidden_at":"2015-03-30T23:18:42.000Z","type":"season",
    "season":{"number":2,"ids":{}},"show":{"title":"Dark","ids":{"trakt":9}}})");
  ASSERT_TRUE(season);
  EXPECT_EQ(season->type, "season");
}

// --- which shows, in what order ---------------------------------------------------

TEST(UpNextCandidates, NewestWatchedFirstUnreadableDatesLastTraktOrderKeptAmongEquals) {
  std::vector<WatchedShow> list{
      watched("Old", 1, "2026-01-01T10:00:00.000Z"),
      watched("No date", 2, std::nullopt),
      watched("Newest", 3, "2026-11-20T22:00:00.000Z"),
      watched("Bad date", 4, "yesterday"),
      watched("Tie A", 5, "2026-06-01T00:00:00.000Z"),
      watched("Tie B", 6, "2026-06-01T00:00:00.000Z"),
      watched("Middle", 7, "2026-11-19T00:30:00Z"),
  };
  EXPECT_EQ(titles(trakt::up_next_candidates(list, {})),
            (std::vector<std::string>{"Newest", "Middle", "Tie A", "Tie B", "Old", "No date", "Bad date"}));
}

TEST(UpNextCandidates, HiddenShowsAreLeftOutByTraktIdElseSlug) {
  std::vector<WatchedShow> list{
      watched("Dark", 122531, "2026-11-19T18:00:00.000Z", "dark"),
      watched("Kept", 1, "2026-11-18T18:00:00.000Z", "kept"),
      watched("By slug", std::nullopt, "2026-11-17T18:00:00.000Z", "by-slug"),
      watched("Same slug, other id", 77, "2026-11-16T18:00:00.000Z", "dark"),
  };
  Show dark;
  dark.ids.trakt = 122531;
  dark.ids.slug = "dark";
  Show slug_only;
  slug_only.ids.slug = "by-slug";
  EXPECT_EQ(titles(trakt::up_next_candidates(list, {dark, slug_only})),
            (std::vector<std::string>{"Kept", "Same slug, other id"}));
}

TEST(UpNextSelection, PartWayThroughOnly) {
  const auto w = watched("The Bear", 190412, "2026-11-20T22:00:00.000Z");
  auto item = trakt::up_next_of(w, progress(28, 13, episode(2, 6, "Fishes")));
  ASSERT_TRUE(item);
  EXPECT_EQ(item->left, 15);
  EXPECT_EQ(item->episode.number, 6);
  EXPECT_EQ(item->last_watched_at, "2026-11-20T22:00:00.000Z");
  // Finished: nothing aired is left.
  EXPECT_FALSE(trakt::up_next_of(w, progress(62, 62, std::nullopt)));
  // Nothing watched (e.g. only specials, which progress leaves out): not started, not part-way.
  EXPECT_FALSE(trakt::up_next_of(w, progress(80, 0, episode(1, 1, "Strange Love"))));
  // Episodes left but Trakt names no next one.
  EXPECT_FALSE(trakt::up_next_of(w, progress(10, 5, std::nullopt)));
  // More completed than aired (a re-watch, specials counted): nothing left.
  EXPECT_FALSE(trakt::up_next_of(w, progress(10, 12, episode(1, 1, "x"))));
}

TEST(UpNextSelection, DateFallsBackToTheProgress) {
  auto p = progress(3, 1, episode(1, 2, "Two"));
  p.last_watched_at = "2026-11-01T10:00:00.000Z";
  auto item = trakt::up_next_of(watched("X", 1, std::nullopt), p);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->last_watched_at, "2026-11-01T10:00:00.000Z");
}

TEST(UpNextSelection, ShowKeyPrefersTheTraktIdAndRefusesUnsafeSlugs) {
  Show s;
  EXPECT_FALSE(trakt::show_key(s));
  s.ids.imdb = "tt0903747";
  EXPECT_EQ(trakt::show_key(s), "tt0903747");
  s.ids.slug = "breaking-bad";
  EXPECT_EQ(trakt::show_key(s), "breaking-bad");
  s.ids.trakt = 1;
  EXPECT_EQ(trakt::show_key(s), "1");
  Show odd;
  odd.ids.slug = "../users/me";
  EXPECT_FALSE(trakt::show_key(odd));
  odd.ids.slug = "";
  EXPECT_FALSE(trakt::show_key(odd));
}

// --- out ----------------------------------------------------------------------------

class UpNextLine : public ::testing::Test {
protected:
  trakt_test::ScopedTz tz_{"UTC"};
};

TEST_F(UpNextLine, TheProductFormat) {
  UpNextItem i{watched("The Show", 1, std::nullopt).show, episode(2, 6, "Title"), 3, "2026-11-20T21:30:00.000Z"};
  EXPECT_EQ(trakt::format_line(i), "The Show S02E06 - Title (3 left; last watched 2026-11-20)");
}

TEST_F(UpNextLine, NullOrEmptyEpisodeTitleAndUnknownDate) {
  UpNextItem i{watched("Café 🎬", 990001, std::nullopt).show, episode(1, 2, std::nullopt), 1, std::nullopt};
  EXPECT_EQ(trakt::format_line(i), "Café 🎬 S01E02 (1 left)");
  i.episode.title = "";
  i.last_watched_at = "not a date";
  EXPECT_EQ(trakt::format_line(i), "Café 🎬 S01E02 (1 left)");
}

TEST_F(UpNextLine, UnicodeKeptControlsBecomeSpacesEmptyShowTitleIsUntitled) {
  UpNextItem i{watched("進撃の巨人", 1420, std::nullopt).show, episode(4, 29, "最終章\n前編"), 2,
               "2026-11-20T01:30:00.000Z"};
  EXPECT_EQ(trakt::format_line(i), "進撃の巨人 S04E29 - 最終章 前編 (2 left; last watched 2026-11-20)");
  i.show.title = "";
  i.episode.season = 112;
  EXPECT_EQ(trakt::format_line(i), "Untitled S112E29 - 最終章 前編 (2 left; last watched 2026-11-20)");
}

TEST_F(UpNextLine, DateIsLocal) {
  trakt_test::ScopedTz ny{"America/New_York"};
  UpNextItem i{watched("X", 1, std::nullopt).show, episode(1, 1, "A"), 1, "2026-11-20T01:30:00.000Z"};
  EXPECT_EQ(trakt::format_line(i), "X S01E01 - A (1 left; last watched 2026-11-19)");
}

TEST_F(UpNextLine, JsonHasNoNulls) {
  UpNextItem i{watched("Café 🎬", 990001, std::nullopt).show, episode(1, 2, std::nullopt), 1, std::nullopt};
  auto v = json::value_from(i);
  EXPECT_FALSE(has_null(v));
  EXPECT_EQ(v.at("left"), 1);
  EXPECT_EQ(v.at("show").at("title"), "Café 🎬");
  EXPECT_FALSE(v.at("episode").as_object().contains("title"));
  EXPECT_FALSE(v.as_object().contains("last_watched_at"));
  i.last_watched_at = "2026-11-18T14:30:00.000Z";
  v = json::value_from(i);
  EXPECT_EQ(v.at("last_watched_at"), "2026-11-18T14:30:00.000Z");
  EXPECT_EQ(v.at("last_watched_date"), "2026-11-18");
}

}  // namespace
