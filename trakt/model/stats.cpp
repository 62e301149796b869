#include "trakt/model/stats.hpp"

#include "support/json_fields.hpp"

#include <string>

namespace trakt {

namespace json = boost::json;

json::object RatingCounts::json_schema() {
  return {{"type", "object"}, {"additionalProperties", {{"type", "integer"}, {"minimum", 0}}}};
}

boost::system::result<RatingCounts> tag_invoke(json::try_value_to_tag<RatingCounts>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return model::shape_error;
  RatingCounts r;
  for (int n = 1; n <= 10; ++n) {
    const auto c = support::int_field(*o, std::to_string(n));
    r.counts[n - 1] = c && *c > 0 ? *c : 0;
  }
  return r;
}

void tag_invoke(json::value_from_tag, json::value& v, const RatingCounts& r) {
  auto& o = v.emplace_object();
  o.reserve(10);
  for (int n = 1; n <= 10; ++n) o.emplace(std::to_string(n), r.counts[n - 1]);
}

}  // namespace trakt
