// See server_info.hpp.

#include "trakt/server_info.hpp"

#ifndef TRAKT_MCP_VERSION
#error "TRAKT_MCP_VERSION must be defined by the build"
#endif

namespace trakt {

std::string version() { return TRAKT_MCP_VERSION; }
std::string user_agent() { return "trakt-mcp/" + version(); }

namespace {

// "a, b, and c"
std::string listing(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += items.size() == 2 ? " and " : i + 1 == items.size() ? ", and " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

mcp::ServerInfo server_info(const mcp::Catalog& catalog) {
  std::vector<std::string> tools;
  for (const auto& t : catalog.tools.all()) tools.push_back(t.name + (t.summary.empty() ? "" : " for " + t.summary));
  std::string text = "Answers questions about the user's own Trakt.tv account: " + listing(tools) +
                     ". Dates are in the user's local time zone.";
  if (catalog.resources && !catalog.resources->empty()) {
    std::vector<std::string> uris;
    for (const auto& r : catalog.resources->resources()) uris.push_back(r.uri);
    for (const auto& t : catalog.resources->templates()) uris.push_back(t.uri_template);
    text += " The same data can be read as resources: " + listing(uris) + ".";
  }
  if (catalog.prompts && !catalog.prompts->empty()) {
    std::vector<std::string> names;
    for (const auto& p : catalog.prompts->all()) names.push_back(p.name);
    text += " Prompts: " + listing(names) + ".";
  }
  return {"trakt-mcp", "Trakt.tv", version(), std::move(text)};
}

}  // namespace trakt
