// remove_playback: takes paused items off "continue watching"
// (DELETE /sync/playback/{id}, one request per id, paced like every write).
// Trakt answers 404 for an id it does not know: those are named, not failed.

#include "trakt/text.hpp"
#include "trakt/tools/tool_support.hpp"

#include <algorithm>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;
using verb = boost::beast::http::verb;

namespace {

constexpr std::size_t max_ids = 100;

struct PlaybackRemoved {
  std::int64_t removed = 0;
  std::vector<std::int64_t> not_found;
  static constexpr model::Field fields[] = {
      {.name = "removed", .minimum = 0}, {.name = "not_found", .description = "playback ids Trakt does not know"}};
};
BOOST_DESCRIBE_STRUCT(PlaybackRemoved, (), (removed, not_found))

std::string id_list(const std::vector<std::int64_t>& ids) {
  std::string list;
  for (auto id : ids) list += (list.empty() ? "" : ", ") + std::to_string(id);
  return list;
}

std::string answer_text(const PlaybackRemoved& r) {
  std::string text = "Nothing was removed from continue watching.";
  if (r.removed) {
    text = "Removed ";
    text += text::plural(r.removed, "paused item");
    text += " from continue watching.";
  }
  if (!r.not_found.empty()) {
    text += "\nNot found (no paused item has ";
    text += r.not_found.size() == 1 ? "this id" : "these ids";
    text += "; get_playback lists them): ";
    text += id_list(r.not_found);
    text += '.';
  }
  return text;
}

net::awaitable<mcp::ToolResult> remove_playback(mcp::Arguments args, mcp::CallContext ctx) {
  std::vector<std::int64_t> ids;
  for (const auto& v : args.value("playback_ids")->get_array()) {
    if (!v.is_int64() || v.get_int64() < 1)
      co_return mcp::ToolResult::error("playback_ids must be whole numbers from get_playback.");
    if (std::find(ids.begin(), ids.end(), v.get_int64()) == ids.end()) ids.push_back(v.get_int64());
  }
  if (ids.empty()) co_return mcp::ToolResult::error("playback_ids is empty: name at least one playback id.");
  if (ids.size() > max_ids)
    co_return mcp::ToolResult::error("At most " + std::to_string(max_ids) + " playback_ids go in one call.");
  std::string doing = "remove ";
  doing += text::plural(std::int64_t(ids.size()), "paused item");
  doing += " from continue watching";
  auto refused = co_await consent(ctx, ids.size(), std::move(doing), "remove_playback",
                                  args.boolean("confirm").value_or(false));
  if (refused) co_return std::move(*refused);
  auto client = api_of(ctx);
  if (!client) co_return failure_result(client.error());
  PlaybackRemoved done;
  for (auto id : ids) {
    std::string path = "/sync/playback/" + std::to_string(id);
    json::value no_body;
    auto r = co_await (*client)->write(verb::delete_, std::move(path), std::move(no_body), true);
    if (r) {
      ++done.removed;
    } else if (r.error().kind == FailureKind::not_found) {
      done.not_found.push_back(id);
    } else {
      // What was done so far stays done: say so, and what is left.
      std::string text = r.error().message;
      text += "\nSo far: ";
      text += answer_text(done);
      text += " Not yet tried: ";
      text += id_list(std::vector<std::int64_t>(std::find(ids.begin(), ids.end(), id), ids.end()));
      text += '.';
      co_return mcp::ToolResult::error(std::move(text));
    }
  }
  co_return mcp::ToolResult{answer_text(done), structured(done, answer_storage())};
}

mcp::Tool remove_playback_tool() {
  return mcp::Tool{
      .name = "remove_playback",
      .title = "Remove from continue watching",
      .description = "Removes paused items from continue watching; plays stay. Over " + std::to_string(bulk_limit) +
                     " ids need the user's consent: the client asks, or pass confirm: true after you asked.",
      .summary = "clearing paused items",
      .args = {{.name = "playback_ids", .type = mcp::Arg::Type::array, .description = "From get_playback.",
                .required = true,
                .schema = {{"items", {{"type", "integer"}, {"minimum", 1}}}, {"minItems", 1}, {"maxItems", max_ids}}},
               {.name = "confirm", .type = mcp::Arg::Type::boolean}},
      .output_schema = output_schema_of<PlaybackRemoved>(),
      .annotations = writes(true, true),
      .invoke = remove_playback};
}

}  // namespace

TRAKT_MCP_TOOL(remove_playback_tool)

}  // namespace trakt::tools
