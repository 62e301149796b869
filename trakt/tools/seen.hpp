#pragma once
// "(seen)": titles the user watched, marked in the lists of titles that are
// not their own (discover, get_related) through ListTool's owned and mark.

#include "trakt/tools/read_tools.hpp"

namespace trakt::tools {

// The user's watched movies or shows, as the `type` argument (movie, movies,
// show, shows) says. Shows without their seasons: small, and the request
// get_up_next makes, so one cached answer serves both.
inline ListRequest watched_titles(const mcp::Arguments& a) {
  if (a.string("type")->starts_with("movie")) return ListRequest{"/sync/watched/movies", {}};
  return ListRequest{"/sync/watched/shows", {{"extended", "noseasons"}}};
}

inline void mark_seen(ChartItem& c, const std::unordered_set<std::int64_t>& watched) {
  const Title& t = c.movie ? *c.movie : *c.show;
  c.seen = t.ids.trakt && watched.contains(*t.ids.trakt);
}

}  // namespace trakt::tools
