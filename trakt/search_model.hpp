#pragma once
// Trakt's text-search results (/search/{type}) mapped to our own types,
// tolerantly like model.hpp, and the lines people read. The ids in a line are
// the ones get_details and the write tools take.

#include "trakt/model.hpp"

#include <boost/json/fwd.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/result.hpp>

#include <optional>
#include <string>

namespace trakt {

struct Person {
  std::string name;
  Ids ids;
};

// One hit: a movie, a show or a person (episodes and lists are not asked for,
// and read as unreadable).
struct SearchResult {
  std::string type;  // movie | show | person
  std::optional<double> score;  // null in ID lookups
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Person> person;
};

boost::system::result<Person> tag_invoke(boost::json::try_value_to_tag<Person>, const boost::json::value& v);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Person& x);
boost::system::result<SearchResult> tag_invoke(boost::json::try_value_to_tag<SearchResult>,
                                               const boost::json::value& v);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const SearchResult& x);

// "[M] Heat (1995) · trakt 1234 · imdb tt0113277",
// "[TV] Severance (2022) · trakt 158384 · slug severance",
// "[P] Jeff Bridges · trakt 4173 · slug jeff-bridges".
// Movies show their IMDb id, shows and people their slug, each falling back
// to the other when missing; unknown years and ids are left out.
std::string format_line(const SearchResult& r);

}  // namespace trakt
