#include "trakt/search_model.hpp"

#include "support/json_fields.hpp"
#include "trakt/json_mapping.hpp"

#include <boost/json/value.hpp>

namespace trakt {

namespace json = boost::json;
using boost::system::result;

namespace {

using mapping::one_line;
using mapping::opt_object;
using mapping::opt_string;
using mapping::put;
using mapping::shape_error;

// An empty id is as good as none.
std::optional<std::string> non_empty(const std::optional<std::string>& s) {
  return s && !s->empty() ? s : std::nullopt;
}

// " · trakt N · imdb X": the Trakt id, then the preferred other id, or the
// fallback when the preferred one is missing.
std::string ids_part(const Ids& ids, bool prefer_imdb) {
  std::string s;
  if (ids.trakt) s += " · trakt " + std::to_string(*ids.trakt);
  const auto imdb = non_empty(ids.imdb);
  const auto slug = non_empty(ids.slug);
  if (prefer_imdb && imdb)
    s += " · imdb " + one_line(*imdb);
  else if (slug)
    s += " · slug " + one_line(*slug);
  else if (imdb)
    s += " · imdb " + one_line(*imdb);
  return s;
}

std::string titled_part(const std::string& tag, const std::string& title, const std::optional<int>& year) {
  std::string s = tag + " " + (title.empty() ? std::string("Untitled") : one_line(title));
  if (year) s += " (" + std::to_string(*year) + ")";
  return s;
}

}  // namespace

result<Person> tag_invoke(json::try_value_to_tag<Person>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  Person p;
  p.name = support::string_field(*o, "name").value_or("");
  p.ids = opt_object<Ids>(*o, "ids").value_or(Ids{});
  return p;
}

void tag_invoke(json::value_from_tag, json::value& v, const Person& p) {
  v = json::object{{"name", p.name}, {"ids", json::value_from(p.ids)}};
}

result<SearchResult> tag_invoke(json::try_value_to_tag<SearchResult>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  SearchResult r;
  r.type = support::string_field(*o, "type").value_or("");
  if (const auto* score = support::field(*o, "score"); score && score->is_number()) {
    boost::system::error_code ec;
    const double d = score->to_number<double>(ec);
    if (!ec) r.score = d;
  }
  r.movie = opt_object<Movie>(*o, "movie");
  r.show = opt_object<Show>(*o, "show");
  r.person = opt_object<Person>(*o, "person");
  // Each type needs its own object; other types (episode, list) are not ours.
  const bool ok = (r.type == "movie" && r.movie) || (r.type == "show" && r.show) || (r.type == "person" && r.person);
  if (!ok) return shape_error;
  return r;
}

// Absent values are left out, never null.
void tag_invoke(json::value_from_tag, json::value& v, const SearchResult& r) {
  json::object o{{"type", r.type}};
  if (r.score) o["score"] = *r.score;
  if (r.type == "movie" && r.movie) o["movie"] = json::value_from(*r.movie);
  if (r.type == "show" && r.show) o["show"] = json::value_from(*r.show);
  if (r.type == "person" && r.person) o["person"] = json::value_from(*r.person);
  v = std::move(o);
}

std::string format_line(const SearchResult& r) {
  if (r.type == "movie" && r.movie) return titled_part("[M]", r.movie->title, r.movie->year) + ids_part(r.movie->ids, true);
  if (r.type == "show" && r.show) return titled_part("[TV]", r.show->title, r.show->year) + ids_part(r.show->ids, false);
  if (r.person) {
    const std::string name = r.person->name.empty() ? std::string("Unnamed") : one_line(r.person->name);
    return "[P] " + name + ids_part(r.person->ids, false);
  }
  return "[?] Unknown";
}

}  // namespace trakt
