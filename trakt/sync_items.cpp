// See sync_items.hpp.

#include "trakt/sync_items.hpp"

#include "support/json_fields.hpp"
#include "trakt/text.hpp"

#include <boost/json/serialize.hpp>

#include <array>
#include <string_view>

namespace trakt::sync {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 4> sections = {"movies", "shows", "seasons", "episodes"};

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::movie: return "movie";
    case Kind::show: return "show";
    case Kind::season: return "season";
    case Kind::episode: return "episode";
  }
  return "item";
}

// A whole number from a JSON number or a string of digits (ids are often quoted).
std::optional<std::int64_t> whole_number(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.get_uint64());
  if (v.is_double()) {
    const double d = v.get_double();
    if (d >= 0 && d < 9e15 && d == static_cast<double>(static_cast<std::int64_t>(d)))
      return static_cast<std::int64_t>(d);
    return std::nullopt;
  }
  if (!v.is_string() || v.get_string().empty() || v.get_string().size() > 18) return std::nullopt;
  std::int64_t n = 0;
  for (char c : v.get_string()) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// Reads an ids object; the error says which key is wrong.
std::optional<Ids> read_ids(const json::value& v, const std::string& where, std::string& error) {
  const auto* o = v.if_object();
  if (!o) {
    error = where + " must be an object of ids, e.g. {\"trakt\": 1390} or {\"imdb\": \"tt0944947\"}";
    return std::nullopt;
  }
  Ids ids;
  for (const auto& [key, value] : *o) {
    if (value.is_null()) continue;
    if (key == "trakt" || key == "tmdb" || key == "tvdb") {
      auto n = whole_number(value);
      if (!n || *n < 1) {
        error = where + "." + std::string(key) + " must be a positive whole number";
        return std::nullopt;
      }
      (key == "trakt" ? ids.trakt : key == "tmdb" ? ids.tmdb : ids.tvdb) = *n;
    } else if (key == "slug" || key == "imdb") {
      if (!value.is_string() || value.get_string().empty()) {
        error = where + "." + std::string(key) + " must be a non-empty string";
        return std::nullopt;
      }
      (key == "slug" ? ids.slug : ids.imdb) = std::string(value.get_string());
    } else {
      error = where + " has an unknown id \"" + text::one_line(key) + "\"; use trakt, slug, imdb, tmdb or tvdb";
      return std::nullopt;
    }
  }
  if (!ids.trakt && !ids.slug && !ids.imdb && !ids.tmdb && !ids.tvdb) {
    error = where + " needs at least one id: trakt, slug, imdb, tmdb or tvdb (search prints them)";
    return std::nullopt;
  }
  return ids;
}

json::object ids_json(const Ids& ids) { return json::value_from(ids).as_object(); }

std::string ids_text(const Ids& ids) {
  std::string s;
  auto add = [&](std::string_view key, const std::string& v) { s += (s.empty() ? "" : ", ") + std::string(key) + " " + v; };
  if (ids.trakt) add("trakt", std::to_string(*ids.trakt));
  if (ids.slug) add("slug", text::one_line(*ids.slug));
  if (ids.imdb) add("imdb", text::one_line(*ids.imdb));
  if (ids.tmdb) add("tmdb", std::to_string(*ids.tmdb));
  if (ids.tvdb) add("tvdb", std::to_string(*ids.tvdb));
  return s;
}

// The body array an item goes to, and its object there.
std::string_view section_of(const Item& item) {
  if (item.show || item.kind == Kind::show) return "shows";
  if (item.kind == Kind::movie) return "movies";
  return item.kind == Kind::season ? "seasons" : "episodes";
}

json::object entry_of(const Item& item, const json::object& leaf) {
  auto with_leaf = [&leaf](json::object o) {
    for (const auto& [k, v] : leaf) o[k] = v;
    return o;
  };
  if (!item.show) return with_leaf(json::object{{"ids", ids_json(item.ids)}});
  json::object season{{"number", *item.season}};
  if (item.kind == Kind::episode)
    season["episodes"] = json::array{with_leaf(json::object{{"number", *item.number}})};
  else
    season = with_leaf(std::move(season));
  return json::object{{"ids", ids_json(*item.show)}, {"seasons", json::array{std::move(season)}}};
}

}  // namespace

json::object item_schema() {
  json::object ids{{"type", "object"},
                   {"description", "Any of trakt, slug, imdb, tmdb, tvdb, as search prints them"},
                   {"properties", json::object{{"trakt", {{"type", "integer"}}},
                                               {"slug", {{"type", "string"}}},
                                               {"imdb", {{"type", "string"}}},
                                               {"tmdb", {{"type", "integer"}}},
                                               {"tvdb", {{"type", "integer"}}}}},
                   {"additionalProperties", false}};
  return json::object{
      {"type", "object"},
      {"required", json::array{"type"}},
      {"properties",
       json::object{
           {"type", {{"type", "string"}, {"enum", json::array{"movie", "show", "season", "episode"}}}},
           {"ids", ids},
           {"show",
            {{"type", "object"},
             {"description", "A season's or episode's show: {\"ids\": {...}}"}}},
           {"season", {{"type", "integer"}, {"minimum", 0}, {"description", "Season number"}}},
           {"number", {{"type", "integer"}, {"minimum", 1}, {"description", "Episode number"}}},
           {"title", {{"type", "string"}, {"description", "Names the item in the answer"}}}}},
      {"additionalProperties", false}};
}

ReadItem read_item(const json::value& v, const std::string& where) {
  const auto* o = v.if_object();
  if (!o) return {std::nullopt, where + " must be an object such as {\"type\": \"movie\", \"ids\": {\"trakt\": 1}}"};
  for (const auto& [key, value] : *o)
    if (key != "type" && key != "ids" && key != "show" && key != "season" && key != "number" && key != "title")
      return {std::nullopt, where + " has an unknown field \"" + text::one_line(key) +
                                "\"; an item has type, ids, show, season, number (and an optional title)"};
  const auto type = support::string_field(*o, "type");
  Item item;
  if (type == "movie") item.kind = Kind::movie;
  else if (type == "show") item.kind = Kind::show;
  else if (type == "season") item.kind = Kind::season;
  else if (type == "episode") item.kind = Kind::episode;
  else return {std::nullopt, where + ".type must be movie, show, season or episode"};
  item.given = v;

  std::string error;
  const json::value* ids = support::field(*o, "ids");
  const json::value* show = support::field(*o, "show");
  const json::value* season = support::field(*o, "season");
  const json::value* number = support::field(*o, "number");
  const std::string what(kind_name(item.kind));

  if (item.kind == Kind::movie || item.kind == Kind::show) {
    if (show || season || number)
      return {std::nullopt, where + ": a " + what + " is named by its ids alone (no show, season or number)"};
  } else if (show && ids) {
    return {std::nullopt, where + ": give the " + what + "'s show" + (item.kind == Kind::episode ? ", season and number" : " and season") +
                              ", or its own ids, not both"};
  }
  if (show) {
    const auto* so = show->if_object();
    const json::value* show_ids = so && so->contains("ids") ? &so->at("ids") : show;
    auto read = read_ids(*show_ids, where + ".show" + (show_ids != show ? ".ids" : ""), error);
    if (!read) return {std::nullopt, error};
    item.show = std::move(*read);
    auto s = season && season->is_number() ? whole_number(*season) : std::nullopt;
    if (!s)
      return {std::nullopt, where + ".season must be a season number (0 for specials)"};
    item.season = static_cast<int>(std::min<std::int64_t>(*s, 100000));
    if (item.kind == Kind::episode) {
      auto n = number && number->is_number() ? whole_number(*number) : std::nullopt;
      if (!n || *n < 1) return {std::nullopt, where + ".number must be an episode number (1 or more)"};
      item.number = static_cast<int>(std::min<std::int64_t>(*n, 100000));
    } else if (number) {
      return {std::nullopt, where + ": a season has no number field; use type episode for one episode"};
    }
    return {std::move(item), {}};
  }
  if (!ids) {
    if (item.kind == Kind::episode)
      return {std::nullopt, where + ": an episode needs its show, season and number, or its own ids"};
    if (item.kind == Kind::season) return {std::nullopt, where + ": a season needs its show and season, or its own ids"};
    return {std::nullopt, where + ": a " + what + " needs ids, e.g. {\"trakt\": 1} (search prints them)"};
  }
  if (season || number)
    return {std::nullopt, where + ": season and number go with show; with its own ids a " + what + " needs nothing else"};
  auto read = read_ids(*ids, where + ".ids", error);
  if (!read) return {std::nullopt, error};
  item.ids = std::move(*read);
  return {std::move(item), {}};
}

std::optional<std::vector<Item>> read_items(const json::array& items, std::string& error) {
  std::vector<Item> out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto r = read_item(items[i], "items[" + std::to_string(i) + "]");
    if (!r.item) {
      error = std::move(r.error);
      return std::nullopt;
    }
    out.push_back(std::move(*r.item));
  }
  return out;
}

json::object sync_body(const std::vector<Item>& items, const json::object& leaf) {
  json::object body;
  for (const auto& item : items) {
    json::value& list = body[section_of(item)];
    if (!list.is_array()) list = json::array();
    list.get_array().push_back(entry_of(item, leaf));
  }
  return body;
}

std::optional<json::object> checkin_body(const Item& item) {
  if (item.kind == Kind::movie) return json::object{{"movie", {{"ids", ids_json(item.ids)}}}};
  if (item.kind != Kind::episode) return std::nullopt;
  if (!item.show) return json::object{{"episode", {{"ids", ids_json(item.ids)}}}};
  return json::object{{"show", {{"ids", ids_json(*item.show)}}},
                      {"episode", {{"season", *item.season}, {"number", *item.number}}}};
}

NotFound not_found(const std::vector<Item>& items, const json::object& body, const json::value& answer) {
  NotFound out;
  const auto* a = answer.if_object();
  const json::object* nf = a ? support::object_field(*a, "not_found") : nullptr;
  if (!nf) return out;
  std::vector<bool> matched(items.size(), false);
  for (auto section : sections) {
    const json::value* listed = nf->if_contains(section);
    const json::value* sent_list = body.if_contains(section);
    if (!listed || !listed->is_array()) continue;
    for (const auto& entry : listed->get_array()) {
      // Trakt echoes what was sent; the ids alone decide when it trims the rest.
      std::optional<std::size_t> found;
      for (int pass = 0; pass < 2 && !found; ++pass) {
        std::size_t k = 0;  // the item's index within its section
        for (std::size_t i = 0; i < items.size() && !found; ++i) {
          if (section_of(items[i]) != section) continue;
          const std::size_t at = k++;
          if (matched[i] || !sent_list || at >= sent_list->get_array().size()) continue;
          const json::value& sent = sent_list->get_array()[at];
          bool same = sent == entry;
          if (pass == 1) {
            const json::value* ids = entry.is_object() ? support::field(entry.get_object(), "ids") : nullptr;
            same = ids && sent.get_object().at("ids") == *ids;
          }
          if (same) found = i;
        }
      }
      if (found)
        matched[*found] = true;
      else
        out.unmatched.push_back(entry);
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i)
    if (matched[i]) out.items.push_back(&items[i]);
  return out;
}

Counts counts(const json::value& answer, std::string_view section) {
  Counts c;
  const auto* a = answer.if_object();
  const json::object* s = a ? support::object_field(*a, section) : nullptr;
  if (!s) return c;
  auto n = [s](std::string_view key) -> std::int64_t {
    const json::value* v = s->if_contains(key);
    return v && v->is_int64() && v->get_int64() > 0 ? v->get_int64() : 0;
  };
  c.movies = n("movies");
  c.shows = n("shows");
  c.seasons = n("seasons");
  c.episodes = n("episodes");
  return c;
}

std::string describe(const Counts& c) {
  std::vector<std::string> parts;
  if (c.movies) parts.push_back(text::plural(c.movies, "movie"));
  if (c.shows) parts.push_back(text::plural(c.shows, "show"));
  if (c.seasons) parts.push_back(text::plural(c.seasons, "season"));
  if (c.episodes) parts.push_back(text::plural(c.episodes, "episode"));
  if (parts.empty()) return "nothing";
  std::string s = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) s += (i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return s;
}

std::string describe(const Item& item) {
  std::string s(kind_name(item.kind));
  if (const auto* o = item.given.if_object())
    if (auto title = support::string_field(*o, "title"); title && !title->empty())
      s += " \"" + text::one_line(*title) + "\"";
  if (!item.show) return s + " " + ids_text(item.ids);
  const std::string code = item.kind == Kind::episode ? text::episode_code(*item.season, *item.number)
                                                      : std::to_string(*item.season);
  return s + " " + code + " of show " + ids_text(*item.show);
}

std::string describe(const NotFound& nf) {
  std::string s;
  for (const Item* item : nf.items) s += (s.empty() ? "" : "; ") + describe(*item);
  for (const auto& raw : nf.unmatched) s += (s.empty() ? "" : "; ") + text::one_line(json::serialize(raw));
  return s;
}

json::array given(const NotFound& nf) {
  json::array out;
  for (const Item* item : nf.items) out.push_back(item->given);
  for (const auto& raw : nf.unmatched) out.push_back(raw);
  return out;
}

}  // namespace trakt::sync
