#include "trakt/model/chart.hpp"

namespace trakt {

std::optional<ChartItem> ChartItem::read(const boost::json::value& v, std::string_view kind) {
  ChartItem c;
  if (!model::read(v, c)) return std::nullopt;
  c.seen.reset();  // ours, never Trakt's
  auto& wanted = kind == "movie" ? c.movie : c.show;
  if (!wanted && !v.as_object().contains(kind)) {
    Title bare;  // popular: the item is the title
    if (model::read(v, bare) && !bare.title.empty()) wanted = std::move(bare);
  }
  if (!wanted) return std::nullopt;
  (kind == "movie" ? c.show : c.movie).reset();
  return c;
}

void ChartItem::derive(boost::json::object& o) const {
  if (movie) add_poster(o, "movie", movie->ids);
  else if (show) add_poster(o, "show", show->ids);
}

}  // namespace trakt
