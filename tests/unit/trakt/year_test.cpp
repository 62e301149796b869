// A year in review (trakt/year.*): the local year's UTC window in three time
// zones; the tally of plays read with extended=full (pages in any order,
// rewatches, an episode's runtime else its show's, no runtime, blank genres,
// plays outside the year, unreadable ones), its order of top shows, genres and
// months, and the lines.

#include "trakt/year.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

namespace json = boost::json;
using trakt::YearTally;
using trakt_test::ScopedTz;

TEST(Year, TheWindowIsTheLocalCalendarYearInUtc) {
  {
    ScopedTz tz("UTC");
    EXPECT_EQ(trakt::local_year_window(2026),
              std::make_pair(std::string("2026-01-01T00:00:00.000Z"), std::string("2026-12-31T23:59:59.999Z")));
  }
  {
    ScopedTz tz("Europe/Paris");
    EXPECT_EQ(trakt::local_year_window(2026),
              std::make_pair(std::string("2025-12-31T23:00:00.000Z"), std::string("2026-12-31T22:59:59.999Z")));
  }
  {
    ScopedTz tz("America/New_York");
    EXPECT_EQ(trakt::local_year_window(2025),
              std::make_pair(std::string("2025-01-01T05:00:00.000Z"), std::string("2026-01-01T04:59:59.999Z")));
  }
}

const std::string heat = R"("movie":{"title":"Heat","year":1995,"ids":{"trakt":1234},"runtime":170,"genres":["crime","drama"]})";
const std::string severance =
    R"("show":{"title":"Severance","year":2022,"ids":{"trakt":154997},"runtime":50,"genres":["drama","","science-fiction"]})";
const std::string bear = R"("show":{"title":"The Bear","year":2022,"ids":{"trakt":190412},"runtime":null,"genres":["comedy"]})";

std::string movie(int id, const std::string& at) {
  return R"({"id":)" + std::to_string(id) + R"(,"watched_at":")" + at + R"(","action":"watch","type":"movie",)" + heat + "}";
}
std::string episode(int id, const std::string& at, const std::string& show, int number, const std::string& runtime) {
  return R"({"id":)" + std::to_string(id) + R"(,"watched_at":")" + at + R"(","action":"scrobble","type":"episode",)" +
         R"("episode":{"season":1,"number":)" + std::to_string(number) + R"(,"title":"E)" + std::to_string(number) +
         R"(","ids":{"trakt":)" + std::to_string(show == bear ? 2000 + number : 1000 + number) + R"(},"runtime":)" +
         runtime + "}," + show + "}";
}
json::array page(const std::vector<std::string>& items) {
  std::string text = "[";
  for (const auto& i : items) text += (text.size() > 1 ? "," : "") + i;
  return json::parse(text + "]").as_array();
}

TEST(Year, TallyCountsTheYearsPlaysInAnyPageOrder) {
  ScopedTz tz("UTC");
  YearTally tally(2026);
  // Page 2 first: the pages of one question arrive in any order.
  tally.add(page({episode(5, "2026-03-02T20:00:00.000Z", severance, 1, "null"),   // the show's 50 min
                  movie(4, "2026-03-01T20:00:00.000Z"),
                  episode(3, "2026-01-05T20:00:00.000Z", bear, 1, "null"),        // no runtime at all
                  R"({"id":2,"watched_at":"2026-01-04T20:00:00.000Z","type":"movie"})"}));  // unreadable
  tally.add(page({episode(9, "2027-01-01T00:30:00.000Z", severance, 3, "57"),     // next year
                  episode(8, "2026-12-31T23:30:00.000Z", severance, 2, "57"),
                  episode(7, "2026-03-03T20:00:00.000Z", severance, 1, "48"),     // a rewatch, 48 min
                  movie(6, "2026-03-02T21:00:00.000Z")}));
  EXPECT_EQ(tally.skipped(), 1u);
  const auto y = tally.finish();
  EXPECT_EQ(y.year, 2026);
  EXPECT_EQ(y.plays, 6);
  EXPECT_EQ(y.movie_plays, 2);
  EXPECT_EQ(y.episode_plays, 4);
  EXPECT_EQ(y.minutes, 170 * 2 + 50 + 48 + 57);
  EXPECT_EQ(y.hours, 8);  // 495 min
  EXPECT_EQ(y.movies, 1);
  EXPECT_EQ(y.episodes, 3);
  EXPECT_EQ(y.no_runtime, 1);
  EXPECT_EQ(y.plays_by_month, (std::vector<std::int64_t>{1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  ASSERT_EQ(y.top_shows.size(), 2u);
  EXPECT_EQ(y.top_shows[0].show.title, "Severance");
  EXPECT_EQ(y.top_shows[0].episodes, 2);
  EXPECT_EQ(y.top_shows[0].plays, 3);
  EXPECT_EQ(y.top_shows[1].show.title, "The Bear");
  ASSERT_EQ(y.top_genres.size(), 4u);  // the blank one left out
  EXPECT_EQ(y.top_genres[0].genre, "drama");
  EXPECT_EQ(y.top_genres[0].plays, 5);
  EXPECT_EQ(y.top_genres[1].genre, "science-fiction");
  EXPECT_EQ(y.top_genres[2].genre, "crime");  // 2, before comedy's 1
  EXPECT_EQ(y.top_genres[3].genre, "comedy");
  ASSERT_TRUE(y.busiest_month);
  EXPECT_EQ(y.busiest_month->month, 3);
  EXPECT_EQ(y.busiest_month->name, "March");
  ASSERT_TRUE(y.first_play && y.last_play);
  EXPECT_EQ(y.first_play->id, 3);
  EXPECT_EQ(y.last_play->id, 8);

  EXPECT_EQ(trakt::format_year(y),
            "2026: 6 plays, 8 hours · 1 movie, 3 episodes\n"
            "Top shows: Severance (2 episodes), The Bear (1 episode)\n"
            "Top genres: drama (5), science-fiction (3), crime (2), comedy (1)\n"
            "Busiest month: March (4 plays)\n"
            "First play: 2026-01-05 [TV] The Bear S01E01 - E1; last: 2026-12-31 [TV] Severance S01E02 - E2\n"
            "(No runtime on Trakt for 1 play: their time is not counted.)");
}

TEST(Year, TheLocalDateDecidesTheYear) {
  ScopedTz tz("Europe/Paris");
  YearTally tally(2026);
  tally.add(page({episode(9, "2026-12-31T23:30:00.000Z", severance, 3, "57"),  // 2027 in Paris
                  movie(1, "2025-12-31T23:30:00.000Z")}));                     // 2026 in Paris
  const auto y = tally.finish();
  EXPECT_EQ(y.plays, 1);
  EXPECT_EQ(y.plays_by_month.front(), 1);
  EXPECT_EQ(trakt::format_year(y),
            "2026: 1 play, 3 hours · 1 movie, 0 episodes\n"
            "Top genres: crime (1), drama (1)\n"
            "Busiest month: January (1 play)\n"
            "First play: 2026-01-01 [M] Heat (1995); last: 2026-01-01 [M] Heat (1995)");
}

TEST(Year, TopFiveAndTheEarliestBusiestMonthAndBigNumbers) {
  ScopedTz tz("UTC");
  YearTally tally(2025);
  std::vector<std::string> plays;
  // Seven shows, show k with k+1 episodes; 1,200 more plays of one movie.
  int id = 1;
  for (int k = 0; k < 7; ++k)
    for (int e = 1; e <= k + 1; ++e) {
      const std::string show = R"("show":{"title":"Show )" + std::to_string(k) + R"(","ids":{"trakt":)" +
                               std::to_string(100 + k) + R"(},"runtime":30,"genres":["g)" + std::to_string(k) + R"("]})";
      plays.push_back(R"({"id":)" + std::to_string(id++) + R"(,"watched_at":"2025-02-10T20:00:00.000Z","type":"episode",)"
                      R"("episode":{"season":1,"number":)" + std::to_string(e) + R"(,"ids":{}},)" + show + "}");
    }
  for (int i = 0; i < 1200; ++i) plays.push_back(movie(id++, i % 2 ? "2025-05-01T10:00:00.000Z" : "2025-04-01T10:00:00.000Z"));
  tally.add(page(plays));
  const auto y = tally.finish();
  EXPECT_EQ(y.plays, 1228);
  EXPECT_EQ(y.episodes, 28);  // told apart by show and number: they have no ids
  ASSERT_EQ(y.top_shows.size(), 5u);
  EXPECT_EQ(y.top_shows[0].show.title, "Show 6");
  EXPECT_EQ(y.top_shows[4].show.title, "Show 2");
  ASSERT_EQ(y.top_genres.size(), 5u);
  EXPECT_EQ(y.top_genres[0].genre, "crime");
  EXPECT_EQ(y.top_genres[2].genre, "g6");
  EXPECT_EQ(y.busiest_month->name, "April");  // 600 each: the earlier month
  const std::string text = trakt::format_year(y);
  EXPECT_EQ(text.substr(0, text.find('\n')), "2025: 1,228 plays, 3,414 hours · 1 movie, 28 episodes");
}

TEST(Year, AYearWithoutPlaysSaysSoAndWritesNoNulls) {
  const auto y = YearTally(2019).finish();
  EXPECT_EQ(trakt::format_year(y), "No plays in 2019 on Trakt.");
  json::value v;
  trakt::model::write(v, y);
  EXPECT_EQ(json::serialize(v),
            R"({"year":2019,"plays":0,"movie_plays":0,"episode_plays":0,"minutes":0,"hours":0,"movies":0,)"
            R"("episodes":0,"no_runtime":0,"plays_by_month":[],"top_shows":[],"top_genres":[]})");
}

}  // namespace
