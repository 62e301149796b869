// See user_state.hpp.

#include "trakt/user_state.hpp"

#include "support/json_fields.hpp"
#include "trakt/text.hpp"

namespace trakt {

namespace json = boost::json;

namespace {

// The Trakt id of the `type` object of an item ({"type":..,"movie":{ids}}).
std::optional<std::int64_t> trakt_id_of(const json::value& item, std::string_view type) {
  const auto* o = item.if_object();
  if (!o) return std::nullopt;
  if (auto t = support::string_field(*o, "type"); t && *t != type) return std::nullopt;
  const auto* titled = support::object_field(*o, type);
  const auto* ids = titled ? support::object_field(*titled, "ids") : nullptr;
  return ids ? support::int_field<std::int64_t>(*ids, "trakt") : std::nullopt;
}

std::optional<std::string> opt_string(const json::object& o, std::string_view key) {
  // An empty or blank date is as good as none.
  auto s = support::string_field(o, key);
  if (!s || text::one_line_collapsed(*s).empty()) return std::nullopt;
  return std::string(*s);
}

}  // namespace

MoviePlays movie_plays(const json::array& items, int page_count) {
  MoviePlays w;
  if (items.empty()) return w;
  w.plays = page_count > 0 ? page_count : 1;
  if (const auto* o = items.front().if_object()) w.last_watched_at = opt_string(*o, "watched_at");
  return w;
}

bool on_watchlist(const json::array& watchlist, std::string_view type, std::int64_t trakt_id) {
  for (const auto& item : watchlist)
    if (trakt_id_of(item, type) == trakt_id) return true;
  return false;
}

std::optional<FoundRating> find_rating(const json::array& ratings, std::string_view type, std::int64_t trakt_id) {
  for (const auto& item : ratings) {
    if (trakt_id_of(item, type) != trakt_id) continue;
    auto r = support::int_field<int>(item.get_object(), "rating");
    if (!r || *r < 1 || *r > 10) continue;
    return FoundRating{*r, opt_string(item.get_object(), "rated_at")};
  }
  return std::nullopt;
}

}  // namespace trakt
