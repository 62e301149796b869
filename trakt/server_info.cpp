// See server_info.hpp.

#include "trakt/server_info.hpp"

#include "trakt/app.hpp"

namespace trakt {

mcp::ServerInfo server_info(const mcp::ToolRegistry& tools) {
  std::string list;
  const auto& all = tools.all();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i > 0) list += i + 1 == all.size() ? ", and " : ", ";
    list += all[i].name + (all[i].summary.empty() ? "" : " for " + all[i].summary);
  }
  return {"trakt-mcp", "Trakt.tv", version(),
          "Answers questions about the user's own Trakt.tv account: " + list +
              ". Dates are in the user's local time zone."};
}

}  // namespace trakt
