#include "trakt/model/sync.hpp"

#include "trakt/text.hpp"

namespace trakt {

bool WatchlistItem::accept() const {
  return (type == "movie" && movie) || (type == "show" && show) || (type == "season" && show && season) ||
         (type == "episode" && show && episode);
}

void WatchlistItem::derive(boost::json::object& o) const {
  if (movie) add_poster(o, "movie", movie->ids);
  else if (show) add_poster(o, "show", show->ids);
}

bool HistoryItem::accept() const {
  return !watched_at.empty() && ((type == "movie" && movie) || (type == "episode" && show && episode));
}

void HistoryItem::derive(boost::json::object& o) const {
  if (auto d = text::local_date(watched_at)) o.emplace("watched_date", *d);
}

}  // namespace trakt
