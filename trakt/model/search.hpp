#pragma once
// /search/{type}: one hit, a movie, a show or a person (episodes and lists
// are not asked for, and read as unreadable).

#include "trakt/model/media.hpp"

#include <optional>
#include <string>

namespace trakt {

struct SearchResult {
  std::string type;             // movie | show | person
  std::optional<double> score;  // null in ID lookups
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Person> person;
  static constexpr model::Field fields[] = {{.name = "type", .choices = "movie|show|person", .needed = true},
                                            {.name = "score", .description = "relevance; higher is better"}};
  static constexpr model::Field derived[] = {poster_field};
  void derive(boost::json::object& o) const;
  // Each type needs its own object, and keeps only that one.
  bool accept();
};
BOOST_DESCRIBE_STRUCT(SearchResult, (), (type, score, movie, show, person))

}  // namespace trakt
