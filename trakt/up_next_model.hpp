#pragma once
// "Up next": the shows a person is part-way through and the episode to watch
// next. Trakt's shapes (/sync/watched/shows?extended=noseasons,
// /shows/{id}/progress/watched, /users/hidden/progress_watched) mapped
// tolerantly like model.hpp, the choice of which shows to ask about and in
// what order, and the line people read. Pure: the tool does the fetching.

#include "trakt/model.hpp"

#include <boost/json/fwd.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trakt {

// One show of /sync/watched/shows (the seasons, when sent, are not read).
struct WatchedShow {
  Show show;
  std::optional<std::string> last_watched_at;  // UTC, ISO 8601
  std::int64_t plays = 0;
};

// /shows/{id}/progress/watched: only what up next needs.
struct UpNextProgress {
  std::int64_t aired = 0;
  std::int64_t completed = 0;
  std::optional<std::string> last_watched_at;
  std::optional<Episode> next_episode;  // null when nothing aired is left
};

// One item of /users/hidden/progress_watched; only shows matter here (a
// hidden season is already left out of progress by hidden=false).
struct HiddenItem {
  std::string type;  // show | season
  std::optional<Show> show;
};

// One line of the answer.
struct UpNextItem {
  Show show;
  Episode episode;
  std::int64_t left = 0;  // aired episodes not yet watched
  std::optional<std::string> last_watched_at;
};

boost::system::result<WatchedShow> tag_invoke(boost::json::try_value_to_tag<WatchedShow>, const boost::json::value& v);
boost::system::result<UpNextProgress> tag_invoke(boost::json::try_value_to_tag<UpNextProgress>,
                                               const boost::json::value& v);
boost::system::result<HiddenItem> tag_invoke(boost::json::try_value_to_tag<HiddenItem>, const boost::json::value& v);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const UpNextItem& x);

// The path segment that names a show at Trakt: its Trakt id, else its slug,
// else its IMDb id; nullopt when it has none of them.
std::optional<std::string> show_key(const Show& show);

// The watched shows worth asking about, most recently watched first (shows
// without a readable date last, Trakt's order kept among equals), without the
// ones in `hidden` (matched by Trakt id, else slug).
std::vector<WatchedShow> up_next_candidates(std::vector<WatchedShow> watched, const std::vector<Show>& hidden);

// The line for a show when the person is part-way through it: at least one
// episode watched, aired ones left and a next episode; nullopt otherwise.
// The date is the watched list's, else the progress's.
std::optional<UpNextItem> up_next_of(const WatchedShow& watched, const UpNextProgress& progress);

// "The Show S02E06 - Title (3 left; last watched 2026-11-20)" (date local,
// like the other tools; an episode without a title has no " - Title").
std::string format_line(const UpNextItem& i);

}  // namespace trakt
