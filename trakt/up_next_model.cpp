#include "trakt/up_next_model.hpp"

#include "support/json_fields.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <cstdio>
#include <limits>

namespace trakt {

namespace json = boost::json;
using boost::system::result;

namespace {

const boost::system::error_code shape_error = std::make_error_code(std::errc::invalid_argument);

// Trakt text goes onto one line: control characters (C0, DEL, C1) and the
// Unicode line and paragraph separators become spaces, as in model.cpp.
std::string clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto next = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
    if (c < 0x20 || c == 0x7f) {
      out.push_back(' ');
    } else if (c == 0xc2 && next(1) >= 0x80 && next(1) <= 0x9f) {
      out.push_back(' ');
      i += 1;
    } else if (c == 0xe2 && next(1) == 0x80 && (next(2) == 0xa8 || next(2) == 0xa9)) {
      out.push_back(' ');
      i += 2;
    } else {
      out.push_back(char(c));
    }
  }
  return out;
}

std::optional<std::string> opt_string(const json::object& o, std::string_view key) {
  auto s = support::string_field(o, key);
  return s ? std::optional<std::string>(*s) : std::nullopt;
}

template <class T>
std::optional<T> opt_object(const json::object& o, std::string_view key) {
  const auto* v = support::field(o, key);
  if (!v) return std::nullopt;
  auto r = json::try_value_to<T>(*v);
  if (!r) return std::nullopt;
  return std::move(*r);
}

// A count, or 0 when Trakt left it out, sent null or something negative.
std::int64_t count_of(const json::object& o, std::string_view key) {
  const auto n = support::int_field(o, key);
  return n && *n > 0 ? *n : 0;
}

bool same_show(const Show& a, const Show& b) {
  if (a.ids.trakt && b.ids.trakt) return *a.ids.trakt == *b.ids.trakt;
  return a.ids.slug && b.ids.slug && !a.ids.slug->empty() && *a.ids.slug == *b.ids.slug;
}

}  // namespace

result<WatchedShow> tag_invoke(json::try_value_to_tag<WatchedShow>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  auto show = opt_object<Show>(*o, "show");
  if (!show) return shape_error;
  return WatchedShow{std::move(*show), opt_string(*o, "last_watched_at"), count_of(*o, "plays")};
}

result<UpNextProgress> tag_invoke(json::try_value_to_tag<UpNextProgress>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  return UpNextProgress{count_of(*o, "aired"), count_of(*o, "completed"), opt_string(*o, "last_watched_at"),
                      opt_object<Episode>(*o, "next_episode")};
}

result<HiddenItem> tag_invoke(json::try_value_to_tag<HiddenItem>, const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  return HiddenItem{opt_string(*o, "type").value_or(""), opt_object<Show>(*o, "show")};
}

// Absent values are left out, never null.
void tag_invoke(json::value_from_tag, json::value& v, const UpNextItem& i) {
  json::object o{{"show", json::value_from(i.show)}, {"episode", json::value_from(i.episode)}, {"left", i.left}};
  if (i.last_watched_at) {
    o["last_watched_at"] = *i.last_watched_at;
    if (auto d = local_date(*i.last_watched_at)) o["last_watched_date"] = *d;
  }
  v = std::move(o);
}

std::optional<std::string> show_key(const Show& show) {
  if (show.ids.trakt) return std::to_string(*show.ids.trakt);
  // A slug or IMDb id goes into a path: only the characters they are made of.
  const auto path_safe = [](const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
             c == '.';
    });
  };
  if (show.ids.slug && path_safe(*show.ids.slug)) return *show.ids.slug;
  if (show.ids.imdb && path_safe(*show.ids.imdb)) return *show.ids.imdb;
  return std::nullopt;
}

std::vector<WatchedShow> up_next_candidates(std::vector<WatchedShow> watched, const std::vector<Show>& hidden) {
  std::erase_if(watched, [&](const WatchedShow& w) {
    return std::any_of(hidden.begin(), hidden.end(), [&](const Show& h) { return same_show(w.show, h); });
  });
  const auto when = [](const WatchedShow& w) {
    auto t = w.last_watched_at ? parse_utc_timestamp(*w.last_watched_at) : std::nullopt;
    return t ? *t : std::numeric_limits<std::int64_t>::min();
  };
  std::stable_sort(watched.begin(), watched.end(),
                   [&](const WatchedShow& a, const WatchedShow& b) { return when(a) > when(b); });
  return watched;
}

std::optional<UpNextItem> up_next_of(const WatchedShow& watched, const UpNextProgress& progress) {
  if (progress.completed < 1 || progress.aired <= progress.completed || !progress.next_episode) return std::nullopt;
  return UpNextItem{watched.show, *progress.next_episode, progress.aired - progress.completed,
                    watched.last_watched_at ? watched.last_watched_at : progress.last_watched_at};
}

std::string format_line(const UpNextItem& i) {
  char code[32];
  std::snprintf(code, sizeof code, "S%02dE%02d", i.episode.season, i.episode.number);
  std::string s = (i.show.title.empty() ? std::string("Untitled") : clean(i.show.title)) + " " + code;
  if (i.episode.title && !i.episode.title->empty()) s += " - " + clean(*i.episode.title);
  s += " (" + std::to_string(i.left) + " left";
  if (i.last_watched_at)
    if (auto d = local_date(*i.last_watched_at)) s += "; last watched " + *d;
  return s + ")";
}

}  // namespace trakt
