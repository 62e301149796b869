// Cast, crew and credits (model/people.hpp): Trakt's answers read with their
// odd department keys ("created by") and nulls, a title's cast and key crew
// cut to the limit, a person's movie and show credits merged newest first,
// and their lines; the "(seen)" marks of chart and related titles.

#include "trakt/lines.hpp"
#include "trakt/tools/seen.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace {

namespace json = boost::json;
using namespace trakt;

Credits read(std::string_view text) {
  auto c = Credits::read_json(json::parse(text));
  EXPECT_TRUE(c);
  return c ? *c : Credits{};
}

constexpr const char* severance_people = R"({
  "cast": [
    {"character": "Mark Scout", "characters": ["Mark Scout"], "episode_count": 19,
     "person": {"name": "Adam Scott", "ids": {"trakt": 1, "slug": "adam-scott", "imdb": "nm0779584"}}},
    {"characters": null, "person": {"name": "Britt Lower", "ids": {"trakt": 2, "slug": null}}},
    {"characters": ["", "Ms. Casey", "Gemma"], "person": {"name": "Dichen Lachman", "ids": {"trakt": 3, "slug": "dichen-lachman"}}},
    {"characters": ["Nobody"], "person": null}
  ],
  "crew": {
    "production": [{"jobs": ["Producer"], "person": {"name": "Someone", "ids": {"trakt": 9}}}],
    "writing": [{"jobs": ["Writer", "Story"], "person": {"name": "Dan Erickson", "ids": {"trakt": 5, "slug": "dan-erickson"}}}],
    "directing": [{"jobs": ["Director"], "person": {"name": "Ben Stiller", "ids": {"trakt": 4, "slug": "ben-stiller"}}},
                  {"jobs": ["Director"], "person": {"name": "Aoife McArdle", "ids": {"trakt": 6, "slug": "aoife-mcardle"}}}],
    "created by": [{"jobs": ["Creator"], "person": {"name": "Dan Erickson", "ids": {"trakt": 5, "slug": "dan-erickson"}}}]
  }
})";

TEST(People, ReadsCastAndEveryCrewDepartmentWithNullsAndCountsWhatNamesNoOne) {
  const Credits c = read(severance_people);
  ASSERT_EQ(c.cast.size(), 3u);
  EXPECT_EQ(c.unreadable, 1u);
  EXPECT_TRUE(c.cast[1].characters.empty());
  EXPECT_EQ(c.cast[2].characters, (std::vector<std::string>{"Ms. Casey", "Gemma"}));  // the blank one dropped
  ASSERT_EQ(c.crew.size(), 4u);
  EXPECT_EQ(c.crew[3].first, "created by");
  EXPECT_FALSE(Credits::read_json(json::parse("[]")));
}

TEST(People, ATitlesCastAndKeyCrewCutToTheLimitCreatorsFirst) {
  const auto p = title_people(read(severance_people), 1);
  ASSERT_EQ(p.cast.size(), 1u);
  EXPECT_EQ(p.cast_total, 3u);
  ASSERT_EQ(p.crew.size(), 3u);  // one of each key department; production left out
  EXPECT_EQ(p.crew_total, 4u);
  std::vector<std::string> lines;
  for (const auto& m : p.crew) lines.push_back(format_line(m));
  EXPECT_EQ(lines, (std::vector<std::string>{"Created by Dan Erickson · person dan-erickson",
                                             "Directed by Ben Stiller · person ben-stiller",
                                             "Written by Dan Erickson (Story) · person dan-erickson"}));
  const auto all = title_people(read(severance_people), 10);
  EXPECT_EQ(format_line(all.cast[0]), "Adam Scott as Mark Scout · person adam-scott");
  EXPECT_EQ(format_line(all.cast[1]), "Britt Lower · person 2");
  EXPECT_EQ(format_line(all.cast[2]), "Dichen Lachman as Ms. Casey, Gemma · person dichen-lachman");
}

TEST(People, APersonsCreditsMergedByTitleNewestFirstYearlessLast) {
  const Credits movies = read(R"({
    "cast": [{"characters": ["Greg"], "movie": {"title": "Step Brothers", "year": 2008, "ids": {"trakt": 10}}},
             {"characters": [], "movie": {"title": "Untitled", "year": null, "ids": {"trakt": 11}}}],
    "crew": {"directing": [{"jobs": ["Director"], "movie": {"title": "Later", "year": 2024, "ids": {"trakt": 12}}}]}})");
  const Credits shows = read(R"({
    "cast": [{"characters": ["Mark Scout"], "episode_count": 19, "series_regular": true,
              "show": {"title": "Severance", "year": 2022, "ids": {"trakt": 158384, "slug": "severance"}}}],
    "crew": {"production": [{"jobs": ["Executive Producer"], "show": {"title": "Severance", "year": 2022, "ids": {"trakt": 158384}}}],
             "created by": [{"jobs": ["Creator"], "show": {"title": "Café 🎬", "year": 2008, "ids": {"trakt": 13}}}]}})");
  const auto credits = person_credits(movies, shows);
  std::vector<std::string> lines;
  for (const auto& c : credits) lines.push_back(format_line(c));
  EXPECT_EQ(lines, (std::vector<std::string>{"2024 [M] Later (2024) - Director · trakt 12",
                                             "2022 [TV] Severance (2022) - Mark Scout, Executive Producer · trakt 158384",
                                             "2008 [M] Step Brothers (2008) - Greg · trakt 10",
                                             "2008 [TV] Café 🎬 (2008) - Creator · trakt 13",
                                             "[M] Untitled · trakt 11"}));
  EXPECT_EQ(credits[1].episode_count, 19);
}

TEST(People, ChartAndRelatedTitlesAreMarkedSeenFromTheUsersWatchedList) {
  const auto watched = json::parse(R"([{"plays": 3, "show": {"title": "Severance", "ids": {"trakt": 158384}}},
                                        {"movie": {"title": "Heat", "ids": {"trakt": 1234}}}, {"show": null}, 7])");
  const auto ids = tools::owned_ids(watched.as_array());
  EXPECT_EQ(ids, (std::unordered_set<std::int64_t>{158384, 1234}));
  auto item = ChartItem::read(json::parse(R"({"title": "Severance", "year": 2022, "ids": {"trakt": 158384}, "seen": false})"), "show");
  ASSERT_TRUE(item);
  EXPECT_FALSE(item->seen);  // never read from Trakt
  tools::mark_seen(*item, ids);
  EXPECT_EQ(format_line(*item), "[TV] Severance (2022) (seen) · trakt 158384");
  auto other = ChartItem::read(json::parse(R"({"watchers": 5, "show": {"title": "Dark", "ids": {"trakt": 1}}})"), "show");
  tools::mark_seen(*other, ids);
  EXPECT_EQ(other->seen, false);
  EXPECT_EQ(format_line(*other), "[TV] Dark · 5 watching · trakt 1");
}

}  // namespace
