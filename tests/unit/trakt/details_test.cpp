// Details and recommendations: tolerant mapping of extended=full summaries (the blueprint's
// examples, nulls and missing fields), show progress, the user's plays, watchlist and rating
// lookups, null-free JSON out, the get_details text block (one fact a line, missing facts left
// out) and the recommendation lines (search's format).

#include "trakt/lines.hpp"
#include "trakt/user_state.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <regex>
#include <string>

namespace {

namespace json = boost::json;
using trakt::TitleDetails;
using trakt::UserState;

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
  if (const auto* a = v.if_array())
    for (const auto& x : *a)
      if (has_null(x)) return true;
  return false;
}

const std::regex forbidden(R"(\b(null|None|undefined|NaN)\b)");

// Local dates of watched_at are in TZ; these tests read them in UTC.
class Details : public ::testing::Test {
protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

// The blueprint's /movies/tron-legacy-2010?extended=full.
constexpr const char* tron_full = R"({
  "title": "TRON: Legacy", "year": 2010,
  "ids": {"trakt": 343, "slug": "tron-legacy-2010", "imdb": "tt1104001", "tmdb": 20526},
  "tagline": "The Game Has Changed.",
  "overview": "Sam Flynn, the tech-savvy and daring son of Kevin Flynn, investigates his father's disappearance.",
  "released": "2010-12-16", "runtime": 125, "country": "us", "updated_at": "2014-07-23T03:21:46.000Z",
  "trailer": null, "homepage": "http://disney.go.com/tron/", "status": "released", "rating": 8.0, "votes": 111,
  "comment_count": 92, "languages": ["en"], "available_translations": ["en"], "genres": ["action"],
  "certification": "PG-13", "original_title": "TRON: Legacy"})";

// The blueprint's /shows/game-of-thrones?extended=full (overview shortened, its blank line kept).
constexpr const char* got_full = R"({
  "title": "Game of Thrones", "year": 2011,
  "ids": {"trakt": 353, "slug": "game-of-thrones", "tvdb": 121361, "imdb": "tt0944947", "tmdb": 1399},
  "tagline": "Winter Is Coming",
  "overview": "Game of Thrones is an American fantasy drama.\n\nThe series, set on the fictional continents.",
  "first_aired": "2011-04-18T01:00:00.000Z",
  "airs": {"day": "Sunday", "time": "21:00", "timezone": "America/New_York"},
  "runtime": 60, "certification": "TV-MA", "network": "HBO", "country": "us",
  "updated_at": "2014-08-22T08:32:06.000Z", "trailer": null, "homepage": "http://www.hbo.com/game-of-thrones/index.html",
  "status": "returning series", "rating": 9.0, "votes": 111, "comment_count": 92, "languages": ["en"],
  "genres": ["drama", "fantasy"], "aired_episodes": 50, "original_title": "Game of Thrones"})";

// The blueprint's /shows/game-of-thrones/progress/watched (seasons shortened).
constexpr const char* got_progress = R"({
  "aired": 8, "completed": 6, "last_watched_at": "2015-03-21T19:03:58.000Z", "reset_at": null,
  "seasons": [{"number": 1, "title": "The first Hodor.", "aired": 8, "completed": 6, "episodes": []}],
  "hidden_seasons": [{"number": 2, "ids": {"trakt": 3051, "tvdb": 498968, "tmdb": 53334}}],
  "next_episode": {"season": 1, "number": 7, "title": "Water", "ids": {"trakt": 62315, "tvdb": 4849873, "imdb": null, "tmdb": null}},
  "last_episode": {"season": 1, "number": 6, "title": "Fire", "ids": {"trakt": 62314, "tvdb": 4849872, "imdb": null, "tmdb": null}}})";

TEST_F(Details, BlueprintMovieMapsAndFormats) {
  auto d = map<TitleDetails>(tron_full);
  ASSERT_TRUE(d);
  d->type = "movie";
  EXPECT_EQ(d->title, "TRON: Legacy");
  EXPECT_EQ(*d->runtime, 125);
  EXPECT_DOUBLE_EQ(*d->rating, 8.0);
  EXPECT_EQ(*d->votes, 111);
  EXPECT_EQ(d->genres, std::vector<std::string>{"action"});
  EXPECT_FALSE(d->network);
  EXPECT_FALSE(d->airs);

  UserState u;
  u.watched = trakt::MoviePlays{2, "2026-11-02T20:00:00.000Z"};
  u.on_watchlist = true;
  u.rating = 9;
  EXPECT_EQ(trakt::format_details(*d, u),
            "[M] TRON: Legacy (2010)\n"
            "Released: 2010-12-16\n"
            "Runtime: 125 min\n"
            "Genres: action\n"
            "Rating: 8.0/10 (111 votes)\n"
            "Status: released\n"
            "Ids: trakt 343 · slug tron-legacy-2010 · imdb tt1104001\n"
            "You: watched 2 times, last 2026-11-02\n"
            "On your watchlist: yes\n"
            "Your rating: 9/10\n"
            "Overview: Sam Flynn, the tech-savvy and daring son of Kevin Flynn, investigates his father's "
            "disappearance.");

  auto v = json::value_from(*d);
  EXPECT_EQ(v.at("type"), "movie");
  EXPECT_EQ(v.at("certification"), "PG-13");
  EXPECT_FALSE(v.as_object().contains("network"));
  EXPECT_FALSE(has_null(v));
}

TEST_F(Details, BlueprintShowMapsAndFormats) {
  auto d = map<TitleDetails>(got_full);
  ASSERT_TRUE(d);
  d->type = "show";
  auto p = map<trakt::ShowProgress>(got_progress);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->aired, 8);
  EXPECT_EQ(p->completed, 6);
  ASSERT_TRUE(p->next_episode);
  EXPECT_EQ(*p->next_episode->title, "Water");

  UserState u;
  u.progress = *p;
  EXPECT_EQ(trakt::format_details(*d, u),
            "[TV] Game of Thrones (2011)\n"
            "Runtime: 60 min\n"
            "Genres: drama, fantasy\n"
            "Rating: 9.0/10 (111 votes)\n"
            "Status: returning series\n"
            "Network: HBO\n"
            "Airs: Sunday 21:00 (America/New_York)\n"
            "Episodes: 50 aired\n"
            "Ids: trakt 353 · slug game-of-thrones · imdb tt0944947\n"
            "You: 6 of 8 episodes watched, next S01E07 - Water\n"
            "On your watchlist: no\n"
            "Your rating: not rated\n"
            "Overview: Game of Thrones is an American fantasy drama. The series, set on the fictional continents.");

  json::value v = json::value_from(*d);
  EXPECT_EQ(v.at("airs").at("timezone"), "America/New_York");
  EXPECT_EQ(v.at("aired_episodes"), 50);
  auto uv = json::value_from(u);
  EXPECT_EQ(uv.at("progress").at("next_episode").at("ids"), (json::object{{"trakt", 62315}, {"tvdb", 4849873}}));
  EXPECT_FALSE(has_null(v));
  EXPECT_FALSE(has_null(uv));
}

TEST_F(Details, ProgressLines) {
  auto d = map<TitleDetails>(R"({"title":"S","year":2020,"ids":{"trakt":1}})");
  ASSERT_TRUE(d);
  d->type = "show";
  const auto you = [&](trakt::ShowProgress p) {
    UserState u;
    u.progress = std::move(p);
    const auto text = trakt::format_details(*d, u);
    const auto at = text.find("You: ");
    return text.substr(at, text.find('\n', at) - at);
  };
  EXPECT_EQ(you({}), "You: not started");
  EXPECT_EQ(you({.aired = 10, .completed = 0}), "You: not started");
  EXPECT_EQ(you({.aired = 10, .completed = 10, .last_watched_at = "2026-11-20T01:30:00.000Z"}),
            "You: all 10 episodes watched, last 2026-11-20");
  EXPECT_EQ(you({.aired = 10, .completed = 3}), "You: 3 of 10 episodes watched");
  EXPECT_EQ(you({.aired = 10, .completed = 3, .next_episode = trakt::Episode{2, 1, std::nullopt, {}}}),
            "You: 3 of 10 episodes watched, next S02E01");
}

TEST_F(Details, MoviePlaysLines) {
  auto d = map<TitleDetails>(R"({"title":"M","ids":{"trakt":1}})");
  ASSERT_TRUE(d);
  d->type = "movie";
  const auto you = [&](trakt::MoviePlays w) {
    UserState u;
    u.watched = std::move(w);
    const auto text = trakt::format_details(*d, u);
    const auto at = text.find("You: ");
    return text.substr(at, text.find('\n', at) - at);
  };
  EXPECT_EQ(you({}), "You: not watched yet");
  EXPECT_EQ(you({1, "2026-11-02T23:00:00.000Z"}), "You: watched once, on 2026-11-02");
  EXPECT_EQ(you({22, "2026-11-20T21:30:00.000Z"}), "You: watched 22 times, last 2026-11-20");
}

TEST_F(Details, NullsAndMissingFieldsAreLeftOut) {
  auto d = map<TitleDetails>(R"({"title":null,"year":null,"ids":{"trakt":990001,"slug":"cafe","imdb":null,"tvdb":null},
    "tagline":null,"overview":"  ","first_aired":null,"airs":{"day":null,"time":null,"timezone":null},"runtime":0,
    "certification":null,"network":null,"status":null,"rating":0,"votes":0,"genres":null,"aired_episodes":null})");
  ASSERT_TRUE(d);
  d->type = "show";
  EXPECT_FALSE(d->airs);
  EXPECT_FALSE(d->runtime);
  EXPECT_FALSE(d->overview);
  UserState u;
  u.progress = trakt::ShowProgress{};
  const auto text = trakt::format_details(*d, u);
  EXPECT_EQ(text,
            "[TV] Untitled\n"
            "Ids: trakt 990001 · slug cafe\n"
            "You: not started\n"
            "On your watchlist: no\n"
            "Your rating: not rated");
  EXPECT_FALSE(std::regex_search(text, forbidden));
  EXPECT_FALSE(has_null(json::value_from(*d)));

  // Not an object: unreadable. An empty object: readable, a title placeholder.
  EXPECT_FALSE(map<TitleDetails>("[1,2]"));
  EXPECT_FALSE(map<TitleDetails>("null"));
  auto empty = map<TitleDetails>("{}");
  ASSERT_TRUE(empty);
  EXPECT_EQ(trakt::format_details(*empty, UserState{}), "[M] Untitled\nOn your watchlist: no\nYour rating: not rated");
  // Wrong types read as absent.
  auto odd = map<TitleDetails>(R"({"title":"X","runtime":"long","rating":"high","votes":-3,"genres":[1,"drama",null],
    "airs":"Fridays","network":7})");
  ASSERT_TRUE(odd);
  EXPECT_FALSE(odd->runtime);
  EXPECT_FALSE(odd->rating);
  EXPECT_FALSE(odd->votes);
  EXPECT_EQ(odd->genres, std::vector<std::string>{"drama"});
  EXPECT_FALSE(odd->airs);
  EXPECT_FALSE(odd->network);
}

TEST_F(Details, UnicodeAndControlCharactersStayOnTheirLine) {
  auto d = map<TitleDetails>(R"({"title":"進撃の巨人\n","year":2013,"ids":{"trakt":1420},"network":"NHK総合",
    "overview":"巨人がすべてを支配する世界。\n\u2028巨人の餌\u0085と化した人類 ☕","genres":["anime"],
    "rating":8.84,"votes":1234567})");
  ASSERT_TRUE(d);
  d->type = "show";
  const auto text = trakt::format_details(*d, UserState{});
  EXPECT_EQ(text,
            "[TV] 進撃の巨人 (2013)\n"
            "Genres: anime\n"
            "Rating: 8.8/10 (1,234,567 votes)\n"
            "Network: NHK総合\n"
            "Ids: trakt 1420\n"
            "On your watchlist: no\n"
            "Your rating: not rated\n"
            "Overview: 巨人がすべてを支配する世界。 巨人の餌 と化した人類 ☕");
  EXPECT_EQ(json::value_from(*d).at("title"), "進撃の巨人\n");
}

TEST_F(Details, VotesAndRatingFormat) {
  auto one = map<TitleDetails>(R"({"title":"A","rating":7.95,"votes":1})");
  ASSERT_TRUE(one);
  EXPECT_NE(trakt::format_details(*one, {}).find("\nRating: 8.0/10 (1 vote)\n"), std::string::npos);
  auto none = map<TitleDetails>(R"({"title":"A","rating":0,"votes":0})");
  EXPECT_EQ(trakt::format_details(*none, {}).find("Rating:"), std::string::npos);
  auto big = map<TitleDetails>(R"({"title":"A","rating":6,"votes":999})");
  EXPECT_NE(trakt::format_details(*big, {}).find("Rating: 6.0/10 (999 votes)"), std::string::npos);
  auto out_of_range = map<TitleDetails>(R"({"title":"A","rating":11,"votes":5})");
  EXPECT_FALSE(out_of_range->rating);
}

TEST_F(Details, UserStateLookups) {
  auto history = json::parse(R"([{"id":9007199000,"watched_at":"2026-11-20T21:30:00.000Z","action":"scrobble",
    "type":"movie","movie":{"title":"The Dark Knight","year":2008,"ids":{"trakt":6}}}])").as_array();
  auto w = trakt::movie_plays(history, 22);
  EXPECT_EQ(w.plays, 22);
  EXPECT_EQ(*w.last_watched_at, "2026-11-20T21:30:00.000Z");
  EXPECT_EQ(trakt::movie_plays(json::array{}, 0).plays, 0);
  EXPECT_EQ(trakt::movie_plays(json::array{}, 1).plays, 0);  // no item: no play, whatever the header says

  auto watchlist = json::parse(R"([
    {"rank":1,"type":"movie","movie":{"title":"TRON","ids":{"trakt":1}}},
    {"rank":2,"type":"show","show":{"title":"Breaking Bad","ids":{"trakt":6}}},
    {"rank":3,"type":"episode","episode":{"season":1,"number":1,"ids":{"trakt":6}},"show":{"ids":{"trakt":2}}},
    null, 7, {"type":"movie","movie":null}])").as_array();
  EXPECT_TRUE(trakt::on_watchlist(watchlist, "movie", 1));
  EXPECT_FALSE(trakt::on_watchlist(watchlist, "movie", 6));  // 6 is a show here
  EXPECT_TRUE(trakt::on_watchlist(watchlist, "show", 6));
  EXPECT_FALSE(trakt::on_watchlist(watchlist, "show", 2));  // only the episode's show

  auto ratings = json::parse(R"([
    {"rated_at":"2014-09-01T09:10:11.000Z","rating":10,"type":"movie","movie":{"title":"TRON","ids":{"trakt":1}}},
    {"rated_at":null,"rating":null,"type":"movie","movie":{"ids":{"trakt":2}}},
    {"rated_at":"2015-01-01T00:00:00.000Z","rating":8,"type":"show","show":{"ids":{"trakt":1}}}])").as_array();
  auto r = trakt::find_rating(ratings, "movie", 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rating, 10);
  EXPECT_EQ(*r->rated_at, "2014-09-01T09:10:11.000Z");
  EXPECT_FALSE(trakt::find_rating(ratings, "movie", 2));  // a null rating is none
  EXPECT_EQ(trakt::find_rating(ratings, "show", 1)->rating, 8);
  EXPECT_FALSE(trakt::find_rating(ratings, "show", 6));

  UserState u;
  u.watched = w;
  u.rating = 10;
  u.rated_at = r->rated_at;
  EXPECT_EQ(json::value_from(u), json::parse(R"({"watched":{"plays":22,"last_watched_at":"2026-11-20T21:30:00.000Z"},
    "on_watchlist":false,"rating":10,"rated_at":"2014-09-01T09:10:11.000Z"})"));
}

TEST_F(Details, RecommendationsMapAndUseSearchLines) {
  // The blueprint's /recommendations/movies items.
  auto blackfish = map<trakt::Recommendation>(R"({"title":"Blackfish","year":2013,
    "ids":{"trakt":58,"slug":"blackfish-2013","imdb":"tt2545118","tmdb":158999},
    "favorited_by":[{"user":{"username":"justin","private":false,"name":"Justin Nemeth","vip":true,"vip_ep":false,
      "ids":{"slug":"sean"}},"notes":"This is a great documentary about killer whales."}]})");
  ASSERT_TRUE(blackfish);
  EXPECT_EQ(trakt::format_recommendation(*blackfish, "movie"), "[M] Blackfish (2013) · trakt 58 · imdb tt2545118");
  EXPECT_EQ(trakt::format_recommendation(*blackfish, "show"), "[TV] Blackfish (2013) · trakt 58 · slug blackfish-2013");
  ASSERT_EQ(blackfish->favorited_by.size(), 1u);
  EXPECT_EQ(blackfish->favorited_by[0].username, "justin");
  EXPECT_EQ(json::value_from(*blackfish).at("favorited_by").at(0),
            json::parse(R"({"username":"justin","name":"Justin Nemeth","notes":"This is a great documentary about killer whales."})"));

  auto bare = map<trakt::Recommendation>(R"({"title":"Café 🎬","year":null,"ids":{"trakt":990001,"slug":"cafe",
    "imdb":null},"favorited_by":[{"user":null},{"user":{"username":"sean","name":null},"notes":null}]})");
  ASSERT_TRUE(bare);
  EXPECT_EQ(trakt::format_recommendation(*bare, "show"), "[TV] Café 🎬 · trakt 990001 · slug cafe");
  EXPECT_EQ(trakt::format_recommendation(*bare, "movie"), "[M] Café 🎬 · trakt 990001 · slug cafe");
  ASSERT_EQ(bare->favorited_by.size(), 1u);
  EXPECT_FALSE(has_null(json::value_from(*bare)));
  auto missing = map<trakt::Recommendation>(R"({"ids":{}})");
  ASSERT_TRUE(missing);
  EXPECT_EQ(trakt::format_recommendation(*missing, "movie"), "[M] Untitled");
  EXPECT_FALSE(map<trakt::Recommendation>("\"Heat\""));
}

}  // namespace
