#pragma once
// "Up next": which of the shows a person watched to ask about, in what order,
// and the episode to watch next. Pure: the tool does the fetching.

#include "trakt/model/progress.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trakt {

// The path segment that names a show at Trakt: its Trakt id, else its slug,
// else its IMDb id; nullopt when it has none of them.
std::optional<std::string> show_key(const Show& show);

// The watched shows worth asking about, most recently watched first (shows
// without a readable date last, Trakt's order kept among equals), without the
// ones in `hidden` (matched by Trakt id, else slug).
std::vector<WatchedShow> up_next_candidates(std::vector<WatchedShow> watched, const std::vector<Show>& hidden);

// The item for a show when the person is part-way through it: at least one
// episode watched, aired ones left and a next episode; nullopt otherwise.
// The date is the watched list's, else the progress's.
std::optional<UpNextItem> up_next_of(const WatchedShow& watched, const ShowProgress& progress);

}  // namespace trakt
