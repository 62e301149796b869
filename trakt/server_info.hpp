#pragma once
// What the server says about itself to MCP clients: name, version, and
// instructions that list the tools from the registry (never by hand).

#include "mcp/server.hpp"
#include "mcp/tool.hpp"

namespace trakt {

mcp::ServerInfo server_info(const mcp::ToolRegistry& tools);

}  // namespace trakt
