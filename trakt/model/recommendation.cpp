#include "trakt/model/recommendation.hpp"

#include "support/json_fields.hpp"

namespace trakt {

namespace json = boost::json;

boost::system::result<Favorite> Favorite::read_json(const json::value& v) {
  const auto* user = support::object_field(v, "user");
  if (!user) return model::shape_error;
  Favorite f;
  f.username = support::string_field(*user, "username").value_or("");
  const model::Field text{.name = "", .blank_is_none = true};
  if (const auto* name = support::field(*user, "name")) model::read(*name, f.name, &text);
  if (const auto* notes = support::field(v, "notes")) model::read(*notes, f.notes, &text);
  return f;
}

}  // namespace trakt
