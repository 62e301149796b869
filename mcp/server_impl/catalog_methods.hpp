#pragma once
// tools/call, resources/read and prompts/get (part of mcp::Server): find the
// entry the request names, check its params, then run it as a call or answer
// at once.

#include "mcp/server.hpp"
#include "mcp/server_impl/calls_in_flight.hpp"
#include "mcp/server_impl/request.hpp"

#include <functional>

namespace mcp::server_impl {

// Starts `work` as a call for the request (the server's CallsInFlight, with
// what a call may ask of the client).
using StartCall = std::function<void(Request, CallsInFlight::Work, CallsInFlight::Failed)>;

void call_tool_method(Request r, const ToolRegistry& tools, const StartCall& start);
void read_resource_method(Request r, const Catalog& catalog, const StartCall& start);
void get_prompt_method(Request r, const Catalog& catalog);

}  // namespace mcp::server_impl
