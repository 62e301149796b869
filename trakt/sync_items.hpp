#pragma once
// The items the write tools take, as PRODUCT.md names them
// ({"type":"episode","show":{"ids":{...}},"season":2,"number":3}, ...), turned
// into Trakt's sync bodies ({"movies":[...],"shows":[...],...}), and Trakt's
// answers (added / existing / deleted counts, not_found) read back in terms of
// the items as they were given.

#include "trakt/model/media.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trakt::sync {

enum class Kind { movie, show, season, episode };

struct Item {
  Kind kind = Kind::movie;
  Ids ids;                   // the item's own ids (empty when it is named through its show)
  std::optional<Ids> show;   // a season or episode named through its show
  std::optional<int> season;
  std::optional<int> number;
  boost::json::value given;  // as the caller sent it, for naming it back
};

// The JSON Schema of one item (the `items` of the write tools).
boost::json::object item_schema();

// Reads one item; the error names it as `where` (e.g. "items[2]") and says
// what it needs.
struct ReadItem {
  std::optional<Item> item;
  std::string error;
};
ReadItem read_item(const boost::json::value& v, const std::string& where);

// Reads every item of `items`; nullopt and `error` set at the first bad one.
std::optional<std::vector<Item>> read_items(const boost::json::array& items, std::string& error);

// A Trakt sync body with one entry per item (so that a not_found entry names
// exactly one), `leaf` (e.g. {"rating": 9}, {"watched_at": ...}) merged into
// each item's innermost object.
boost::json::object sync_body(const std::vector<Item>& items, const boost::json::object& leaf = {});

// The body of /checkin for a movie or an episode; nullopt for other kinds.
std::optional<boost::json::object> checkin_body(const Item& item);

// The given items that Trakt's answer lists under not_found, in item order,
// plus the not_found entries that match none of them (named as Trakt sent them).
struct NotFound {
  std::vector<const Item*> items;
  std::vector<boost::json::value> unmatched;
};
NotFound not_found(const std::vector<Item>& items, const boost::json::object& body, const boost::json::value& answer);

// Counts of one section of an answer ("added", "existing", "deleted").
struct Counts {
  std::int64_t movies = 0, shows = 0, seasons = 0, episodes = 0;
  std::int64_t total() const { return movies + shows + seasons + episodes; }
  static constexpr model::Field fields[] = {{.name = "movies", .minimum = 0},
                                            {.name = "shows", .minimum = 0},
                                            {.name = "seasons", .minimum = 0},
                                            {.name = "episodes", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(Counts, (), (movies, shows, seasons, episodes))
Counts counts(const boost::json::value& answer, std::string_view section);

// History counts: plays are of movies and episodes only.
struct PlayCounts {
  std::int64_t movies = 0, episodes = 0;
  static constexpr model::Field fields[] = {{.name = "movies", .minimum = 0}, {.name = "episodes", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(PlayCounts, (), (movies, episodes))
inline PlayCounts plays_of(const Counts& c) { return {c.movies, c.episodes}; }
// "1 movie and 2 episodes"; "nothing" when all are zero.
std::string describe(const Counts& c);

// "movie imdb tt0133093", "episode S02E03 of show slug severance".
std::string describe(const Item& item);
// "; "-separated descriptions of the not-found items.
std::string describe(const NotFound& nf);
// The not-found items as given, for structuredContent.
boost::json::array given(const NotFound& nf);

}  // namespace trakt::sync
