#pragma once
// The user's personal lists: one list (/users/me/lists, /users/me/lists/{id})
// and an item on one (/users/me/lists/{id}/items).

#include "trakt/model/media.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace trakt {

struct UserList {
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> privacy;  // private | link | friends | public
  std::int64_t item_count = 0;
  std::optional<std::string> updated_at;
  Ids ids;  // trakt and slug: what the list tools take
  static constexpr model::Field fields[] = {
      {.name = "name", .needed = true},
      {.name = "description", .blank_is_none = true},
      {.name = "privacy", .description = "private, link, friends or public", .blank_is_none = true},
      {.name = "item_count", .minimum = 0}};
  // A list the other tools cannot name is of no use.
  bool accept() const { return ids.trakt || ids.slug; }
};
BOOST_DESCRIBE_STRUCT(UserList, (), (name, description, privacy, item_count, updated_at, ids))

struct ListItem {
  std::string type;  // movie | show | season | episode | person
  std::optional<std::int64_t> rank;
  std::optional<std::int64_t> id;  // the list item's own id
  std::optional<std::string> listed_at;
  std::optional<std::string> notes;
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Season> season;
  std::optional<Episode> episode;
  std::optional<Person> person;
  static constexpr model::Field fields[] = {
      {.name = "type", .choices = "movie|show|season|episode|person", .needed = true},
      {.name = "notes", .blank_is_none = true}};
  // Each type needs its own object (and its show, for seasons and episodes).
  bool accept() const;
};
BOOST_DESCRIBE_STRUCT(ListItem, (), (type, rank, id, listed_at, notes, movie, show, season, episode, person))

}  // namespace trakt
