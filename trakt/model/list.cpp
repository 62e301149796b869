#include "trakt/model/list.hpp"

namespace trakt {

bool ListItem::accept() const {
  return (type == "movie" && movie) || (type == "show" && show) || (type == "season" && show && season) ||
         (type == "episode" && show && episode) || (type == "person" && person);
}

}  // namespace trakt
