// See up_next.hpp.

#include "trakt/up_next.hpp"

#include "support/time.hpp"

#include <algorithm>
#include <limits>

namespace trakt {

namespace {

bool same_show(const Show& a, const Show& b) {
  if (a.ids.trakt && b.ids.trakt) return *a.ids.trakt == *b.ids.trakt;
  return a.ids.slug && b.ids.slug && !a.ids.slug->empty() && *a.ids.slug == *b.ids.slug;
}

}  // namespace

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
    auto t = w.last_watched_at ? support::parse_utc_timestamp(*w.last_watched_at) : std::nullopt;
    return t ? *t : std::numeric_limits<std::int64_t>::min();
  };
  std::stable_sort(watched.begin(), watched.end(),
                   [&](const WatchedShow& a, const WatchedShow& b) { return when(a) > when(b); });
  return watched;
}

std::optional<UpNextItem> up_next_of(const WatchedShow& watched, const ShowProgress& progress) {
  if (progress.completed < 1 || progress.aired <= progress.completed || !progress.next_episode) return std::nullopt;
  return UpNextItem{watched.show, *progress.next_episode, progress.aired - progress.completed,
                    watched.last_watched_at ? watched.last_watched_at : progress.last_watched_at};
}

}  // namespace trakt
