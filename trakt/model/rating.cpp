#include "trakt/model/rating.hpp"

#include "trakt/text.hpp"

namespace trakt {

bool RatedItem::accept() const {
  return (type == "movie" && movie) || (type == "show" && show) || (type == "season" && show && season) ||
         (type == "episode" && show && episode);
}

void RatedItem::derive(boost::json::object& o) const {
  if (auto d = text::local_date(rated_at)) o.emplace("rated_date", *d);
}

}  // namespace trakt
