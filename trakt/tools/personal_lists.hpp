#pragma once
// What the tools over the user's personal lists share (get_lists,
// create_list, delete_list, add_to_list, remove_from_list): the `list`
// argument and the path it names, what they say when Trakt knows no such
// list, and which account limit a 420 met.

#include "trakt/tools/tool_support.hpp"

#include <optional>
#include <string>

namespace trakt::tools {

// The `list` argument: a list's Trakt id or slug.
mcp::Arg list_arg();
// "/users/me/lists/halloween" (+ `rest`) for the `list` argument, or nullopt
// with `error` set when it cannot be a Trakt id or slug (no path tricks).
std::optional<std::string> list_path(const mcp::Arguments& args, std::string& error, std::string_view rest = "");
// A failure as people read it: Trakt's 404 says the user has no such list.
mcp::ToolResult list_failure(const Failure& f, const mcp::Arguments& args);
// Trakt's 420 on a list write: which limit of the account it met and its
// number (from /users/settings, `limits.list.<limit>`: "count" for lists,
// "item_count" for the items of one), and what to do. `nothing` starts the
// answer ("Nothing was added"). By value: a coroutine.
boost::asio::awaitable<mcp::ToolResult> limit_reached(mcp::CallContext ctx, Failure failure, std::string limit,
                                                      std::string nothing);

}  // namespace trakt::tools
