#pragma once
// What the server says about itself to MCP clients: name, version, and
// instructions that list the tools, resources and prompts from the registries
// (never by hand).

#include "mcp/server.hpp"

namespace trakt {

mcp::ServerInfo server_info(const mcp::Catalog& catalog);

}  // namespace trakt
