#pragma once
// What the server says about itself: its version, the User-Agent it sends, and,
// to MCP clients, name, version, and instructions that list the tools,
// resources and prompts from the registries (never by hand).

#include "mcp/server.hpp"

#include <string>

namespace trakt {

std::string version();
std::string user_agent();

mcp::ServerInfo server_info(const mcp::Catalog& catalog);

}  // namespace trakt
