#include "trakt/model/calendar.hpp"

#include "support/time.hpp"
#include "trakt/text.hpp"

namespace trakt {

void CalendarEntry::derive(boost::json::object& o) const {
  if (auto d = text::local_date(first_aired)) o.emplace("air_date", *d);
  add_poster(o, "show", show.ids);
}

bool CalendarMovie::accept() {
  if (released.size() < 10 || !support::parse_utc_timestamp(std::string_view(released).substr(0, 10))) return false;
  released.resize(10);
  return true;
}

}  // namespace trakt
