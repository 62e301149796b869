#include "trakt/model/media.hpp"

namespace trakt {

void add_poster(boost::json::object& o, std::string_view kind, const Ids& ids) {
  if (!ids.trakt || (kind != "movie" && kind != "show")) return;
  std::string uri = "trakt://poster/";
  uri += kind;
  uri += '/';
  uri += std::to_string(*ids.trakt);
  o.emplace("poster", uri);
}

}  // namespace trakt
