// Search results: tolerant mapping of /search/{type} answers (the API
// blueprint's example, nulls and missing ids), null-free JSON out, and the
// lines: [M]/[TV]/[P], the Trakt id, IMDb id for movies and slug for shows
// and people with the fallback to the other, Unicode intact.

#include "trakt/lines.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <regex>
#include <string>

namespace {

namespace json = boost::json;
using trakt::SearchResult;

std::optional<SearchResult> map(std::string_view text) {
  auto r = json::try_value_to<SearchResult>(json::parse(text));
  if (!r) return std::nullopt;
  return std::move(*r);
}

std::string line(std::string_view text) {
  auto r = map(text);
  if (!r) return "<unreadable>";
  return trakt::format_line(*r);
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

// --- the blueprint's example (/search/movie,show,episode,person,list?query=tron) ----

TEST(SearchModel, BlueprintMovie) {
  auto r = map(R"({"type":"movie","score":26.019499,"movie":{"title":"TRON: Legacy","year":2010,
    "ids":{"trakt":12601,"slug":"tron-legacy-2010","imdb":"tt1104001","tmdb":20526}}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type, "movie");
  EXPECT_DOUBLE_EQ(*r->score, 26.019499);
  EXPECT_EQ(trakt::format_line(*r), "[M] TRON: Legacy (2010) · trakt 12601 · imdb tt1104001");
  auto v = json::value_from(*r);
  EXPECT_EQ(v.at("movie").at("ids").at("imdb"), "tt1104001");
  EXPECT_EQ(v.at("movie").at("year"), 2010);
  EXPECT_FALSE(v.as_object().contains("show"));
}

TEST(SearchModel, BlueprintShow) {
  EXPECT_EQ(line(R"({"type":"show","score":19.533358,"show":{"title":"Tron: Uprising","year":2012,
    "ids":{"trakt":34209,"slug":"tron-uprising","tvdb":258480,"imdb":"tt1812523","tmdb":34356}}})"),
            "[TV] Tron: Uprising (2012) · trakt 34209 · slug tron-uprising");
}

TEST(SearchModel, BlueprintPerson) {
  auto r = map(R"({"type":"person","score":53.421608,"person":{"name":"Jeff Bridges",
    "ids":{"trakt":4173,"slug":"jeff-bridges","imdb":"nm0000313","tmdb":1229}}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(trakt::format_line(*r), "[P] Jeff Bridges · trakt 4173 · slug jeff-bridges");
  auto v = json::value_from(*r);
  EXPECT_EQ(v.at("person").at("name"), "Jeff Bridges");
  EXPECT_EQ(v.at("person").at("ids").at("trakt"), 4173);
}

TEST(SearchModel, EpisodesAndListsAreNotOurs) {
  EXPECT_FALSE(map(R"({"type":"episode","score":42.5,"episode":{"season":1,"number":1,"title":"x","ids":{}},
    "show":{"title":"Tron: Uprising","year":2012,"ids":{"trakt":34209}}})"));
  EXPECT_FALSE(map(R"({"type":"list","score":38.6,"list":{"name":"Open Your Eyes","ids":{"trakt":2180135}}})"));
}

TEST(SearchModel, ATypeWithoutItsObjectIsUnreadable) {
  EXPECT_FALSE(map(R"({"type":"movie","score":1,"show":{"title":"x","ids":{}}})"));
  EXPECT_FALSE(map(R"({"type":"movie","score":1,"movie":null})"));
  EXPECT_FALSE(map(R"({"score":1,"movie":{"title":"x","ids":{}}})"));
  EXPECT_FALSE(map(R"([1,2])"));
  EXPECT_FALSE(map(R"("movie")"));
}

// --- fallbacks and nulls ----------------------------------------------------------

TEST(SearchModel, MovieWithoutImdbShowsItsSlug) {
  EXPECT_EQ(line(R"({"type":"movie","score":1,"movie":{"title":"Untitled Wachowski Project","year":null,
    "ids":{"trakt":990003,"slug":"untitled-wachowski-project","imdb":null,"tmdb":990003}}})"),
            "[M] Untitled Wachowski Project · trakt 990003 · slug untitled-wachowski-project");
  EXPECT_EQ(line(R"({"type":"movie","movie":{"title":"Heat","year":1995,"ids":{"trakt":1234,"imdb":"","slug":"heat-1995"}}})"),
            "[M] Heat (1995) · trakt 1234 · slug heat-1995");
}

TEST(SearchModel, ShowWithoutSlugShowsItsImdbId) {
  EXPECT_EQ(line(R"({"type":"show","score":1,"show":{"title":"Severance","year":2022,
    "ids":{"trakt":158384,"slug":null,"imdb":"tt11280740"}}})"),
            "[TV] Severance (2022) · trakt 158384 · imdb tt11280740");
}

TEST(SearchModel, MissingIdsAreLeftOut) {
  EXPECT_EQ(line(R"({"type":"show","score":1,"show":{"title":"Café 🎬","year":null,"ids":{"trakt":990001}}})"),
            "[TV] Café 🎬 · trakt 990001");
  EXPECT_EQ(line(R"({"type":"movie","score":1,"movie":{"title":"Heat","year":1995,"ids":null}})"), "[M] Heat (1995)");
  EXPECT_EQ(line(R"({"type":"person","score":1,"person":{"name":"Nobody","ids":{"imdb":"nm1"}}})"),
            "[P] Nobody · imdb nm1");
}

TEST(SearchModel, NullScoreAndTitleAndNameNeverShowAsNull) {
  auto r = map(R"({"type":"movie","score":null,"movie":{"title":null,"year":null,"ids":{"trakt":null,"slug":null,"imdb":null}}})");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->score);
  const auto text = trakt::format_line(*r);
  EXPECT_EQ(text, "[M] Untitled");
  EXPECT_FALSE(std::regex_search(text, forbidden)) << text;
  auto v = json::value_from(*r);
  EXPECT_FALSE(has_null(v)) << json::serialize(v);
  EXPECT_FALSE(v.as_object().contains("score"));

  auto p = map(R"({"type":"person","score":2.5,"person":{"name":null,"ids":{"trakt":7}}})");
  ASSERT_TRUE(p);
  EXPECT_EQ(trakt::format_line(*p), "[P] Unnamed · trakt 7");
  EXPECT_FALSE(has_null(json::value_from(*p)));
}

TEST(SearchModel, UnicodeIsKeptAndControlCharactersBecomeSpaces) {
  EXPECT_EQ(line(R"({"type":"show","score":1,"show":{"title":"進撃の巨人","year":2013,
    "ids":{"trakt":1420,"slug":"attack-on-titan"}}})"),
            "[TV] 進撃の巨人 (2013) · trakt 1420 · slug attack-on-titan");
  EXPECT_EQ(line(R"({"type":"movie","score":1,"movie":{"title":"Amélie","year":2001,"ids":{"trakt":172,"imdb":"tt0211915"}}})"),
            "[M] Amélie (2001) · trakt 172 · imdb tt0211915");
  EXPECT_EQ(line(R"({"type":"movie","score":1,"movie":{"title":"Two\nLines\u2028Here","year":2001,"ids":{"trakt":1}}})"),
            "[M] Two Lines Here (2001) · trakt 1");
}

TEST(SearchModel, UnknownFieldsAreIgnored) {
  EXPECT_EQ(line(R"({"type":"person","score":1,"extra":[1],"person":{"name":"Jeff Bridges","biography":"...",
    "ids":{"trakt":4173,"slug":"jeff-bridges","tvrage":null}}})"),
            "[P] Jeff Bridges · trakt 4173 · slug jeff-bridges");
}

}  // namespace
