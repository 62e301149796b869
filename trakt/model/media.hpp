#pragma once
// The shapes every Trakt answer is made of: ids, a movie or show (the same
// shape), a season, an episode, a person. Described once (model/shape.hpp).

#include "trakt/model/shape.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trakt {

// Ids in the order people read them (the structuredContent order).
struct Ids {
  std::optional<std::int64_t> trakt;
  std::optional<std::string> slug, imdb;
  std::optional<std::int64_t> tmdb, tvdb;
};
BOOST_DESCRIBE_STRUCT(Ids, (), (trakt, slug, imdb, tmdb, tvdb))

// A movie or a show: Trakt gives both the same shape.
struct Title {
  std::string title;
  std::optional<int> year;
  Ids ids;
};
BOOST_DESCRIBE_STRUCT(Title, (), (title, year, ids))
using Movie = Title;
using Show = Title;

struct Season {
  int number = 0;
  Ids ids;
  static constexpr model::Field fields[] = {{.name = "number", .needed = true}};
};
BOOST_DESCRIBE_STRUCT(Season, (), (number, ids))

struct Episode {
  int season = 0;
  int number = 0;
  std::optional<std::string> title;
  Ids ids;
  static constexpr model::Field fields[] = {{.name = "season", .needed = true}, {.name = "number", .needed = true}};
};
BOOST_DESCRIBE_STRUCT(Episode, (), (season, number, title, ids))

// The poster of a movie or show as an MCP App reads it through its host:
// "poster": "trakt://poster/<kind>/<trakt id>" in `o` (nothing without a
// Trakt id). A reference, never Trakt's image URL: the server fetches and
// caches the image (trakt/posters.hpp), so the page never hotlinks it.
inline constexpr model::Field poster_field{.name = "poster", .description = "the poster, as a resource to read"};
void add_poster(boost::json::object& o, std::string_view kind, const Ids& ids);

struct Person {
  std::string name;
  Ids ids;
};
BOOST_DESCRIBE_STRUCT(Person, (), (name, ids))

}  // namespace trakt
