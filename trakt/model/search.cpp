#include "trakt/model/search.hpp"

namespace trakt {

bool SearchResult::accept() {
  if (type != "movie") movie.reset();
  if (type != "show") show.reset();
  if (type != "person") person.reset();
  return movie || show || person;
}

}  // namespace trakt
