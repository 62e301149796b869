// Personal lists: the list and list-item shapes read from the blueprint's
// examples (nulls, Unicode, people), their lines with the ids the write tools
// take, the cache rule of /users/me/lists and what list writes drop, and
// Trakt's 420 as its own kind of failure (never retried: api_test.cpp).

#include "trakt/api.hpp"
#include "trakt/lines.hpp"
#include "trakt/read_cache.hpp"
#include "trakt/scripted_trakt.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace {

namespace json = boost::json;
using namespace trakt;

template <class T>
std::optional<T> map(std::string_view text) {
  auto r = json::try_value_to<T>(json::parse(text));
  if (!r) return std::nullopt;
  return std::move(*r);
}

TEST(UserList, ReadsTraktsListAndNamesTheIdTheToolsTake) {
  auto l = map<UserList>(R"({"name":"Star Wars in machete order","description":null,"privacy":"public",
      "share_link":"https://trakt.tv/lists/55","type":"personal","display_numbers":true,"allow_comments":true,
      "sort_by":"rank","sort_how":"asc","created_at":"2014-10-11T17:00:54.000Z","updated_at":"2014-10-11T17:00:54.000Z",
      "item_count":5,"comment_count":0,"likes":0,"ids":{"trakt":55,"slug":"star-wars-in-machete-order"}})");
  ASSERT_TRUE(l);
  EXPECT_FALSE(l->description);
  EXPECT_EQ(format_line(*l), "Star Wars in machete order · 5 items · public · list star-wars-in-machete-order");

  auto one = map<UserList>(R"({"name":"Für später ☕\n","privacy":"link","item_count":1,"ids":{"trakt":7}})");
  ASSERT_TRUE(one);
  EXPECT_EQ(format_line(*one), "Für später ☕ · 1 item · link · list 7") << "no slug: the Trakt id";
  EXPECT_FALSE(map<UserList>(R"({"name":"No ids","item_count":1,"ids":{}})")) << "a list nothing can name";
  EXPECT_FALSE(map<UserList>(R"({"name":null,"ids":{"trakt":1}})"));
}

TEST(ListItem, EachTypeWithTheIdsTheWriteToolsTakeAndItsNote) {
  const auto line = [](std::string_view text) {
    auto i = map<ListItem>(text);
    return i ? format_line(*i) : std::string("(unreadable)");
  };
  EXPECT_EQ(line(R"({"rank":1,"id":101,"listed_at":"2014-06-16T06:07:12.000Z","notes":"You are part of the rebel alliance and a spy!",
      "type":"movie","movie":{"title":"Star Wars: Episode IV - A New Hope","year":1977,"ids":{"trakt":12,
      "slug":"star-wars-episode-iv-a-new-hope-1977","imdb":"tt0076759","tmdb":11}}})"),
            "[M] Star Wars: Episode IV - A New Hope (1977) · trakt 12 · imdb tt0076759 · note: You are part of the "
            "rebel alliance and a spy!");
  EXPECT_EQ(line(R"({"rank":2,"notes":null,"type":"show","show":{"title":"The Walking Dead","year":2010,
      "ids":{"trakt":2,"slug":"the-walking-dead","tvdb":153021,"imdb":"tt1520211","tmdb":1402}}})"),
            "[TV] The Walking Dead (2010) · trakt 2 · slug the-walking-dead");
  EXPECT_EQ(line(R"({"rank":3,"type":"season","season":{"number":1,"ids":{"tvdb":30272,"tmdb":3572}},
      "show":{"title":"Breaking Bad","year":2008,"ids":{"trakt":1,"slug":"breaking-bad"}}})"),
            "[TV] Breaking Bad (2008) S01 · show trakt 1 · slug breaking-bad");
  EXPECT_EQ(line(R"({"rank":4,"notes":"  ","type":"episode","episode":{"season":0,"number":2,"title":"Wedding Day",
      "ids":{"trakt":2,"imdb":null}},"show":{"title":"進撃の巨人","year":null,"ids":{"trakt":1420,"slug":"attack-on-titan"}}})"),
            "[TV] 進撃の巨人 S00E02 - Wedding Day · show trakt 1420 · slug attack-on-titan");
  EXPECT_EQ(line(R"({"rank":5,"type":"person","person":{"name":"Garrett Hedlund","ids":{"trakt":1,
      "slug":"garrett-hedlund","imdb":"nm1330560"}}})"),
            "[P] Garrett Hedlund · trakt 1 · slug garrett-hedlund");
  EXPECT_EQ(line(R"({"rank":6,"type":"episode","show":{"title":"x","ids":{}}})"), "(unreadable)");
  EXPECT_EQ(line(R"({"rank":7,"type":"list","list":{}})"), "(unreadable)");
}

TEST(ListItem, WritesNoNulls) {
  auto i = map<ListItem>(R"({"rank":1,"id":9,"listed_at":null,"notes":null,"type":"movie",
      "movie":{"title":"Heat","year":null,"ids":{"trakt":1234,"imdb":null}}})");
  ASSERT_TRUE(i);
  const std::string out = json::serialize(json::value_from(*i));
  EXPECT_EQ(out, R"({"type":"movie","rank":1,"id":9,"movie":{"title":"Heat","ids":{"trakt":1234}}})");
}

TEST(CacheRule, PersonalListsFollowListsUpdatedAtAndListWritesDropThem) {
  for (const char* path : {"/users/me/lists", "/users/me/lists/halloween", "/users/me/lists/55/items"}) {
    auto rule = cache_rule(path);
    ASSERT_TRUE(rule) << path;
    EXPECT_EQ(rule->activities, (std::vector<std::string_view>{"/lists/updated_at"})) << path;
    EXPECT_EQ(rule->max_age.count(), 0) << path;
  }
  for (const char* path : {"/users/me/lists", "/users/me/lists/halloween", "/users/me/lists/halloween/items",
                           "/users/me/lists/halloween/items/remove"})
    EXPECT_EQ(reads_touched_by(path), (std::vector<std::string_view>{"/users/me/lists"})) << path;
  EXPECT_FALSE(cache_rule("/users/settings")) << "the limits are read fresh";
}

TEST(DescribeStatus, AccountLimitIsItsOwnKind) {
  auto r = trakt_test::response(420, "");
  r.set("X-Account-Limit", "2");
  const Failure f = describe_status(r, "/users/me/lists");
  EXPECT_EQ(f.kind, FailureKind::account_limit);
  EXPECT_NE(f.message.find("limit 2"), std::string::npos) << f.message;
}

}  // namespace
