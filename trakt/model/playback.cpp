#include "trakt/model/playback.hpp"

#include "trakt/text.hpp"

namespace trakt {

bool PlaybackItem::accept() const {
  return (type == "movie" && movie) || (type == "episode" && show && episode);
}

void PlaybackItem::derive(boost::json::object& o) const {
  if (auto d = text::local_date(paused_at)) o.emplace("paused_date", *d);
}

}  // namespace trakt
