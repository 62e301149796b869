// The write tools' items: reading them (and the errors that name the bad
// one), the Trakt sync bodies they become, and Trakt's answers read back in
// terms of the items as given (counts, not_found).

#include "trakt/sync_items.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace {

namespace json = boost::json;
using namespace trakt::sync;

std::vector<Item> items(std::string_view text) {
  std::string error;
  auto read = read_items(json::parse(text).as_array(), error);
  EXPECT_TRUE(read) << error;
  return read ? std::move(*read) : std::vector<Item>{};
}

std::string error_of(std::string_view text) {
  std::string error;
  EXPECT_FALSE(read_items(json::parse(text).as_array(), error)) << text;
  return error;
}

TEST(SyncItems, EachKindGoesWhereTraktWantsIt) {
  auto list = items(R"([
    {"type":"movie","ids":{"trakt":"1234"}},
    {"type":"show","ids":{"slug":"severance"}},
    {"type":"season","show":{"ids":{"trakt":1390}},"season":2},
    {"type":"episode","show":{"tvdb":81189},"season":0,"number":3},
    {"type":"season","ids":{"tmdb":3572}},
    {"type":"episode","ids":{"imdb":"tt1683095"}}])");
  ASSERT_EQ(list.size(), 6u);
  EXPECT_EQ(json::serialize(sync_body(list, json::object{{"rating", 9}})),
            R"({"movies":[{"ids":{"trakt":1234},"rating":9}],)"
            R"("shows":[{"ids":{"slug":"severance"},"rating":9},)"
            R"({"ids":{"trakt":1390},"seasons":[{"number":2,"rating":9}]},)"
            R"({"ids":{"tvdb":81189},"seasons":[{"number":0,"episodes":[{"number":3,"rating":9}]}]}],)"
            R"("seasons":[{"ids":{"tmdb":3572},"rating":9}],"episodes":[{"ids":{"imdb":"tt1683095"},"rating":9}]})");
  EXPECT_EQ(describe(list[3]), "episode S00E03 of show tvdb 81189");
  EXPECT_EQ(describe(list[2]), "season 2 of show trakt 1390");
  EXPECT_EQ(json::serialize(*checkin_body(list[3])), R"({"show":{"ids":{"tvdb":81189}},"episode":{"season":0,"number":3}})");
  EXPECT_EQ(json::serialize(*checkin_body(list[0])), R"({"movie":{"ids":{"trakt":1234}}})");
  EXPECT_FALSE(checkin_body(list[1]));
}

TEST(SyncItems, BadItemsAreNamed) {
  EXPECT_EQ(error_of(R"([{"type":"movie","ids":{"trakt":1}},{"type":"film","ids":{"trakt":1}}])"),
            "items[1].type must be movie, show, season or episode");
  EXPECT_EQ(error_of(R"([{"type":"movie"}])"), "items[0]: a movie needs ids, e.g. {\"trakt\": 1} (search prints them)");
  EXPECT_EQ(error_of(R"([{"type":"movie","ids":{}}])"),
            "items[0].ids needs at least one id: trakt, slug, imdb, tmdb or tvdb (search prints them)");
  EXPECT_EQ(error_of(R"([{"type":"movie","ids":{"trakt":-4}}])"), "items[0].ids.trakt must be a positive whole number");
  EXPECT_EQ(error_of(R"([{"type":"movie","ids":{"imbd":"tt1"}}])"),
            "items[0].ids has an unknown id \"imbd\"; use trakt, slug, imdb, tmdb or tvdb");
  EXPECT_EQ(error_of(R"([{"type":"episode","show":{"ids":{"trakt":1}},"season":1}])"),
            "items[0].number must be an episode number (1 or more)");
  EXPECT_EQ(error_of(R"([{"type":"episode","ids":{"trakt":1},"show":{"trakt":1},"season":1,"number":1}])"),
            "items[0]: give the episode's show, season and number, or its own ids, not both");
  EXPECT_EQ(error_of(R"([{"type":"season"}])"), "items[0]: a season needs its show and season, or its own ids");
  EXPECT_EQ(error_of(R"([{"type":"movie","ids":{"trakt":1},"rating":9}])"),
            "items[0] has an unknown field \"rating\"; an item has type, ids, show, season, number (and an optional title)");
  EXPECT_EQ(error_of(R"([7])"), "items[0] must be an object such as {\"type\": \"movie\", \"ids\": {\"trakt\": 1}}");
}

TEST(SyncItems, AnswersAreReadBackAsTheItemsGiven) {
  auto list = items(R"([
    {"type":"movie","ids":{"imdb":"tt0000001"},"title":"Nothing"},
    {"type":"movie","ids":{"trakt":6}},
    {"type":"episode","show":{"ids":{"slug":"severance"}},"season":2,"number":99},
    {"type":"episode","show":{"ids":{"slug":"severance"}},"season":2,"number":1}])");
  const json::object body = sync_body(list);
  // Trakt echoes what was sent (here the second episode entry), or only its ids (the movie).
  const json::value answer = json::parse(R"({
    "added":{"movies":1,"shows":0,"seasons":0,"episodes":1},
    "existing":{"movies":0,"shows":0,"seasons":0,"episodes":0},
    "not_found":{"movies":[{"ids":{"imdb":"tt0000001"}}],
                 "shows":[{"ids":{"slug":"severance"},"seasons":[{"number":2,"episodes":[{"number":99}]}]}],
                 "seasons":[],"episodes":[{"ids":{"trakt":5}}]}})");
  const auto nf = not_found(list, body, answer);
  ASSERT_EQ(nf.items.size(), 2u);
  EXPECT_EQ(nf.items[0], &list[0]);
  EXPECT_EQ(nf.items[1], &list[2]);
  ASSERT_EQ(nf.unmatched.size(), 1u);
  EXPECT_EQ(describe(nf), "movie \"Nothing\" imdb tt0000001; episode S02E99 of show slug severance; "
                          "{\"ids\":{\"trakt\":5}}");
  EXPECT_EQ(given(nf).at(0), list[0].given);

  const auto added = counts(answer, "added");
  EXPECT_EQ(added.total(), 2);
  EXPECT_EQ(describe(added), "1 movie and 1 episode");
  EXPECT_EQ(describe(counts(answer, "existing")), "nothing");
  EXPECT_EQ(describe(Counts{2, 1, 0, 3}), "2 movies, 1 show and 3 episodes");
  json::value plays;
  trakt::model::write(plays, plays_of(added));
  EXPECT_EQ(json::serialize(plays), R"({"movies":1,"episodes":1})");
  EXPECT_EQ(counts(json::value(nullptr), "added").total(), 0);
}

}  // namespace
