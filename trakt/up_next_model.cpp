#include "trakt/up_next_model.hpp"

#include "support/json_fields.hpp"
#include "trakt/json_mapping.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <cstdio>
#include <limits>

namespace trakt {

namespace json = boost::json;
using boost::system::result;

namespace {

using mapping::one_line;
using mapping::opt_object;
using mapping::opt_string;
using mapping::put;
using mapping::shape_error;

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
  std::string s = (i.show.title.empty() ? std::string("Untitled") : one_line(i.show.title)) + " " + code;
  if (i.episode.title && !i.episode.title->empty()) s += " - " + one_line(*i.episode.title);
  s += " (" + std::to_string(i.left) + " left";
  if (i.last_watched_at)
    if (auto d = local_date(*i.last_watched_at)) s += "; last watched " + *d;
  return s + ")";
}

}  // namespace trakt
