#include "trakt/model/progress.hpp"

#include "trakt/text.hpp"

namespace trakt {

void UpNextItem::derive(boost::json::object& o) const {
  if (last_watched_at)
    if (auto d = text::local_date(*last_watched_at)) o.emplace("last_watched_date", *d);
  add_poster(o, "show", show.ids);
}

}  // namespace trakt
