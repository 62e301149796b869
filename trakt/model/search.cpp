#include "trakt/model/search.hpp"

namespace trakt {

bool SearchResult::accept() {
  if (type != "movie") movie.reset();
  if (type != "show") show.reset();
  if (type != "person") person.reset();
  return movie || show || person;
}

void SearchResult::derive(boost::json::object& o) const {
  if (movie) add_poster(o, "movie", movie->ids);
  else if (show) add_poster(o, "show", show->ids);
}

}  // namespace trakt
