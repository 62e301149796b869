#pragma once
// The builder of write tools over Trakt's sync endpoints (POST /sync/...):
// from what is particular to a tool (its declaration, its path, the fields
// every item carries, the change in words for consent, how to check a write
// that may or may not have applied, and its answer) it makes the whole call:
// the items read and checked, consent past bulk_limit, the paced write,
// retried only when idempotent, and Trakt's answer read back.

#include "trakt/sync_items.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trakt::tools {

inline constexpr std::size_t max_items = 100;  // items in one call

// The `items` argument (required, or optional where another argument can
// name what to change).
mcp::Arg items_arg(bool required = true);
// The items argument read into sync items; `error` says what is wrong.
std::optional<std::vector<sync::Item>> items_of(const mcp::Arguments& args, std::string& error);
// "\nNot found on Trakt (check the ids with search): ...", or "".
std::string not_found_line(const sync::NotFound& nf);
// Items Trakt knows that the change did not touch: given, less not found, less counted.
std::size_t untouched(std::size_t given, const sync::NotFound& nf, const sync::Counts& changed);

// One sync write: POST `body` to `path`. Parameters by value (coroutine).
boost::asio::awaitable<Result<boost::json::value>> post(mcp::CallContext ctx, std::string path,
                                                         boost::json::object body, bool idempotent);

// In a write's answer: the items Trakt did not find, echoed back as they were given.
using Given = Prebuilt<boost::json::object>;
inline constexpr model::Field not_found_field{.name = "not_found",
                                              .description = "the items Trakt did not find, as they were given"};

// What one sync write sent and what Trakt answered.
struct SyncOutcome {
  std::vector<sync::Item> items;
  boost::json::object body;    // as sent
  boost::json::value answer;   // Trakt's
  sync::Counts counts(std::string_view section) const { return sync::counts(answer, section); }
  sync::NotFound not_found() const { return sync::not_found(items, body, answer); }
};

struct SyncWrite {
  mcp::Tool declared;  // everything but invoke; its annotations say whether it is idempotent
  std::string path;    // "/sync/watchlist"
  // Where the path depends on the arguments (a personal list's items): sets
  // `path`, or returns the error that names the argument.
  std::function<std::optional<std::string>(const mcp::Arguments&, std::string& path)> path_from;
  // The fields every item carries besides its ids ({"rating": 9}), or the
  // error that names the argument.
  std::function<std::optional<std::string>(const mcp::Arguments&, boost::json::object& leaf)> leaf =
      [](const mcp::Arguments&, boost::json::object&) -> std::optional<std::string> { return std::nullopt; };
  // For a destructive write: the change in words ("remove 11 items from your
  // watchlist"), asked about past bulk_limit items (tools::consent).
  std::function<std::string(std::size_t items)> doing;
  // For a write that is not idempotent: how to check whether it applied.
  std::string check;
  std::function<mcp::ToolResult(const SyncOutcome&, const mcp::Arguments&)> answer;
  // When set, the answer to a failed write (a 404 naming what the path points
  // at, a 420 naming the limit), instead of Trakt's failure as it is. Its
  // parameters by value: it may be a coroutine that asks Trakt more.
  std::function<boost::asio::awaitable<mcp::ToolResult>(Failure, mcp::Arguments, mcp::CallContext)> failed;
};

mcp::Tool sync_write(SyncWrite spec);

}  // namespace trakt::tools
