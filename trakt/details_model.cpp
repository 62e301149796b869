#include "trakt/details_model.hpp"

#include "support/json_fields.hpp"
#include "trakt/json_mapping.hpp"
#include "trakt/search_model.hpp"

#include <boost/json/value.hpp>

#include <cmath>
#include <cstdio>

namespace trakt {

namespace json = boost::json;
using boost::system::result;

namespace {

using mapping::one_line_collapsed;
using mapping::opt_object;
using mapping::put;
using mapping::shape_error;

// Owned copies; an empty or blank string is as good as none.
std::optional<std::string> opt_string(const json::object& o, std::string_view key) {
  auto s = support::string_field(o, key);
  if (!s || one_line_collapsed(*s).empty()) return std::nullopt;
  return std::string(*s);
}

std::optional<double> opt_double(const json::object& o, std::string_view key) {
  const auto* v = support::field(o, key);
  if (!v || !v->is_number()) return std::nullopt;
  boost::system::error_code ec;
  const double d = v->to_number<double>(ec);
  if (ec || !std::isfinite(d)) return std::nullopt;
  return d;
}

// A count Trakt may send as null or leave out; negatives read as absent.
template <class Int>
std::optional<Int> opt_count(const json::object& o, std::string_view key) {
  auto n = support::int_field<Int>(o, key);
  return n && *n >= 0 ? n : std::nullopt;
}

// The Trakt id of the `type` object of an item ({"type":..,"movie":{ids}}).
std::optional<std::int64_t> trakt_id_of(const json::value& item, std::string_view type) {
  const auto* o = item.if_object();
  if (!o) return std::nullopt;
  if (auto t = support::string_field(*o, "type"); t && *t != type) return std::nullopt;
  const auto* titled = support::object_field(*o, type);
  const auto* ids = titled ? support::object_field(*titled, "ids") : nullptr;
  return ids ? support::int_field<std::int64_t>(*ids, "trakt") : std::nullopt;
}

// 12345 -> "12,345".
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, first);
  for (std::size_t i = first; i < digits.size(); i += 3) {
    out.push_back(',');
    out.append(digits, i, 3);
  }
  return out;
}

std::string episode_code(int season, int number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "S%02dE%02d", season, number);
  return buf;
}

std::string date_of(const std::string& iso) { return local_date(iso).value_or(""); }

std::string ids_line(const Ids& ids) {
  std::string s;
  const auto add = [&](const std::string& part) {
    if (!s.empty()) s += " · ";
    s += part;
  };
  if (ids.trakt) add("trakt " + std::to_string(*ids.trakt));
  if (ids.slug && !ids.slug->empty()) add("slug " + one_line_collapsed(*ids.slug));
  if (ids.imdb && !ids.imdb->empty()) add("imdb " + one_line_collapsed(*ids.imdb));
  return s;
}

// What the user did with a movie / show, after "You: ".
std::string watched_line(const MoviePlays& w) {
  if (w.plays <= 0) return "not watched yet";
  const std::string date = w.last_watched_at ? date_of(*w.last_watched_at) : "";
  if (w.plays == 1) return "watched once" + (date.empty() ? "" : ", on " + date);
  return "watched " + std::to_string(w.plays) + " times" + (date.empty() ? "" : ", last " + date);
}

std::string progress_line(const ShowProgress& p) {
  if (p.completed <= 0) return "not started";
  const std::string date = p.last_watched_at ? date_of(*p.last_watched_at) : "";
  if (p.completed >= p.aired)
    return "all " + std::to_string(p.aired) + " episodes watched" + (date.empty() ? "" : ", last " + date);
  std::string s = std::to_string(p.completed) + " of " + std::to_string(p.aired) + " episodes watched";
  if (p.next_episode) {
    s += ", next " + episode_code(p.next_episode->season, p.next_episode->number);
    if (p.next_episode->title && !one_line_collapsed(*p.next_episode->title).empty()) s += " - " + one_line_collapsed(*p.next_episode->title);
  }
  return s;
}

}  // namespace

// --- inbound -----------------------------------------------------------------

result<Airs> tag_invoke(json::try_value_to_tag<Airs>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  return Airs{opt_string(*o, "day"), opt_string(*o, "time"), opt_string(*o, "timezone")};
}

result<TitleDetails> tag_invoke(json::try_value_to_tag<TitleDetails>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  TitleDetails d;
  d.title = support::string_field(*o, "title").value_or("");
  d.year = support::int_field<int>(*o, "year");
  d.ids = opt_object<Ids>(*o, "ids").value_or(Ids{});
  d.tagline = opt_string(*o, "tagline");
  d.overview = opt_string(*o, "overview");
  d.status = opt_string(*o, "status");
  d.certification = opt_string(*o, "certification");
  d.country = opt_string(*o, "country");
  d.language = opt_string(*o, "language");
  d.released = opt_string(*o, "released");
  d.first_aired = opt_string(*o, "first_aired");
  // Trakt sends 0 for an unknown runtime.
  d.runtime = opt_count<int>(*o, "runtime");
  if (d.runtime == 0) d.runtime.reset();
  if (const auto* genres = support::field(*o, "genres"); genres && genres->is_array())
    for (const auto& g : genres->get_array())
      if (g.is_string() && !one_line_collapsed(g.get_string()).empty()) d.genres.emplace_back(g.get_string());
  d.rating = opt_double(*o, "rating");
  if (d.rating && (*d.rating < 0 || *d.rating > 10)) d.rating.reset();
  d.votes = opt_count<std::int64_t>(*o, "votes");
  d.network = opt_string(*o, "network");
  d.airs = opt_object<Airs>(*o, "airs");
  if (d.airs && !d.airs->day && !d.airs->time && !d.airs->timezone) d.airs.reset();
  d.aired_episodes = opt_count<int>(*o, "aired_episodes");
  return d;
}

result<ShowProgress> tag_invoke(json::try_value_to_tag<ShowProgress>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  ShowProgress p;
  p.aired = opt_count<int>(*o, "aired").value_or(0);
  p.completed = opt_count<int>(*o, "completed").value_or(0);
  p.last_watched_at = opt_string(*o, "last_watched_at");
  p.next_episode = opt_object<Episode>(*o, "next_episode");
  p.last_episode = opt_object<Episode>(*o, "last_episode");
  return p;
}

result<Favorite> tag_invoke(json::try_value_to_tag<Favorite>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  const auto* user = support::object_field(*o, "user");
  if (!user) return shape_error;
  Favorite f;
  f.username = support::string_field(*user, "username").value_or("");
  f.name = opt_string(*user, "name");
  f.notes = opt_string(*o, "notes");
  return f;
}

result<Recommendation> tag_invoke(json::try_value_to_tag<Recommendation>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  Recommendation r;
  r.title = support::string_field(*o, "title").value_or("");
  r.year = support::int_field<int>(*o, "year");
  r.ids = opt_object<Ids>(*o, "ids").value_or(Ids{});
  if (const auto* favs = support::field(*o, "favorited_by"); favs && favs->is_array())
    for (const auto& f : favs->get_array())
      if (auto fav = json::try_value_to<Favorite>(f)) r.favorited_by.push_back(std::move(*fav));
  return r;
}

// --- outbound (structuredContent): absent values are left out, never null --

void tag_invoke(json::value_from_tag, json::value& v, const Airs& a) {
  json::object o;
  put(o, "day", a.day);
  put(o, "time", a.time);
  put(o, "timezone", a.timezone);
  v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const TitleDetails& d) {
  json::object o{{"type", d.type}, {"title", d.title}};
  put(o, "year", d.year);
  o["ids"] = json::value_from(d.ids);
  put(o, "tagline", d.tagline);
  put(o, "overview", d.overview);
  put(o, "released", d.released);
  put(o, "first_aired", d.first_aired);
  put(o, "runtime", d.runtime);
  json::array genres;
  for (const auto& g : d.genres) genres.emplace_back(g);
  o["genres"] = std::move(genres);
  put(o, "rating", d.rating);
  put(o, "votes", d.votes);
  put(o, "status", d.status);
  put(o, "certification", d.certification);
  put(o, "country", d.country);
  put(o, "language", d.language);
  put(o, "network", d.network);
  put(o, "airs", d.airs);
  put(o, "aired_episodes", d.aired_episodes);
  v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const ShowProgress& p) {
  json::object o{{"aired", p.aired}, {"completed", p.completed}};
  put(o, "last_watched_at", p.last_watched_at);
  put(o, "next_episode", p.next_episode);
  put(o, "last_episode", p.last_episode);
  v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const MoviePlays& w) {
  json::object o{{"plays", w.plays}};
  put(o, "last_watched_at", w.last_watched_at);
  v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const UserState& u) {
  json::object o;
  put(o, "watched", u.watched);
  put(o, "progress", u.progress);
  o["on_watchlist"] = u.on_watchlist;
  put(o, "rating", u.rating);
  put(o, "rated_at", u.rated_at);
  v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const Favorite& f) {
  json::object o{{"username", f.username}};
  put(o, "name", f.name);
  put(o, "notes", f.notes);
  v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const Recommendation& r) {
  json::object o{{"title", r.title}};
  put(o, "year", r.year);
  o["ids"] = json::value_from(r.ids);
  json::array favs;
  for (const auto& f : r.favorited_by) favs.push_back(json::value_from(f));
  o["favorited_by"] = std::move(favs);
  v = std::move(o);
}

// --- the user's state ----------------------------------------------------------

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

// --- text ------------------------------------------------------------------------

std::string format_details(const TitleDetails& d, const UserState& u) {
  const bool show = d.type == "show";
  const std::string title = one_line_collapsed(d.title);
  std::string text = (show ? "[TV] " : "[M] ") + (title.empty() ? std::string("Untitled") : title);
  if (d.year) text += " (" + std::to_string(*d.year) + ")";
  const auto line = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) text += "\n" + std::string(label) + ": " + value;
  };
  if (!show && d.released) line("Released", one_line_collapsed(*d.released));
  if (d.runtime) line("Runtime", std::to_string(*d.runtime) + " min");
  std::string genres;
  for (const auto& g : d.genres) {
    if (!genres.empty()) genres += ", ";
    genres += one_line_collapsed(g);
  }
  line("Genres", genres);
  // A rating without votes is Trakt's placeholder 0, not a rating.
  if (d.rating && d.votes && *d.votes > 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", *d.rating);
    line("Rating", std::string(buf) + "/10 (" + grouped(*d.votes) + (*d.votes == 1 ? " vote)" : " votes)"));
  }
  if (d.status) line("Status", one_line_collapsed(*d.status));
  if (show) {
    if (d.network) line("Network", one_line_collapsed(*d.network));
    if (d.airs) {
      std::string when;
      if (d.airs->day) when = one_line_collapsed(*d.airs->day);
      if (d.airs->time) {
        if (!when.empty()) when += ' ';
        when += one_line_collapsed(*d.airs->time);
      }
      if (!when.empty() && d.airs->timezone) when += " (" + one_line_collapsed(*d.airs->timezone) + ")";
      line("Airs", when);
    }
    // 0 is also what Trakt sends when it knows no episodes: not worth a line.
    if (d.aired_episodes && *d.aired_episodes > 0) line("Episodes", std::to_string(*d.aired_episodes) + " aired");
  }
  line("Ids", ids_line(d.ids));
  if (u.watched) line("You", watched_line(*u.watched));
  if (u.progress) line("You", progress_line(*u.progress));
  line("On your watchlist", u.on_watchlist ? "yes" : "no");
  line("Your rating", u.rating ? std::to_string(*u.rating) + "/10" : "not rated");
  if (d.overview) line("Overview", one_line_collapsed(*d.overview));
  return text;
}

std::string format_recommendation(const Recommendation& r, std::string_view type) {
  SearchResult s;
  s.type = std::string(type);
  if (type == "show")
    s.show = Show{r.title, r.year, r.ids};
  else
    s.movie = Movie{r.title, r.year, r.ids};
  return format_line(s);
}

}  // namespace trakt
