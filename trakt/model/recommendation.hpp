#pragma once
// /recommendations/{movies|shows}: a movie or show with who favorited it.

#include "trakt/model/media.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trakt {

// Someone who favorited a recommended title, with their note. Trakt nests the
// person ({"user": {...}, "notes": ...}); we write it flat, so it reads with
// a conversion of its own.
struct Favorite {
  std::string username;
  std::optional<std::string> name;
  std::optional<std::string> notes;
  static boost::system::result<Favorite> read_json(const boost::json::value& v);
};
BOOST_DESCRIBE_STRUCT(Favorite, (), (username, name, notes))

struct Recommendation {
  std::string title;
  std::optional<int> year;
  Ids ids;
  std::vector<Favorite> favorited_by;
  static constexpr model::Field fields[] = {
      {.name = "favorited_by", .description = "users who favorited it, with their notes"}};
};
BOOST_DESCRIBE_STRUCT(Recommendation, (), (title, year, ids, favorited_by))

}  // namespace trakt
