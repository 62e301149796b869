// checkin and cancel_checkin: "I'm watching Dune now" (POST /checkin) and its
// undo (DELETE /checkin). Trakt keeps one check-in at a time and refuses a
// second with 409 until the first ends; that answer is explained, not retried.

#include "trakt/model/checkin.hpp"
#include "trakt/sync_items.hpp"
#include "trakt/text.hpp"
#include "trakt/tools/tool_support.hpp"

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;
using verb = boost::beast::http::verb;

namespace {

// "Dune: Part Two (2024)", "Severance (2022) S02E03 - Who Is Alive?".
std::string title_of(const Checkin& c) {
  const auto titled = [](const Title& t) { return text::one_line(t.title) + text::year_suffix(t.year); };
  if (c.movie) return titled(*c.movie);
  if (!c.show || !c.episode) return "it";
  return titled(*c.show) + " " + text::episode_code(c.episode->season, c.episode->number) +
         (c.episode->title ? " - " + text::one_line(*c.episode->title) : std::string());
}

mcp::Tool checkin_tool() {
  return mcp::Tool{
      .name = "checkin",
      .title = "Check in",
      .description = "Tells Trakt the user is watching a movie or an episode right now: it shows as watching on "
                     "their profile and becomes a play in their history when its runtime is over. Trakt keeps one "
                     "check-in at a time; while one runs, this says until when (cancel_checkin ends it).",
      .summary = "saying what they are watching now",
      .args = {{.name = "item", .type = mcp::Arg::Type::object,
                .description = "The movie ({\"type\": \"movie\", \"ids\": {...}}) or episode ({\"type\": \"episode\", "
                               "\"show\": {\"ids\": {...}}, \"season\": 2, \"number\": 3}, or its own ids).",
                .required = true, .schema = sync::item_schema()},
               {.name = "message", .type = mcp::Arg::Type::string,
                .description = "Optional words to share with the check-in.", .schema = {{"maxLength", 500}}}},
      .output_schema = output_schema_of<Checkin>(),
      .annotations = writes(false, false),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        auto read = sync::read_item(*args.value("item"), "item");
        if (!read.item) co_return mcp::ToolResult::error(read.error);
        auto body = sync::checkin_body(*read.item);
        if (!body) co_return mcp::ToolResult::error("item: only a movie or an episode can be checked in to.");
        if (auto message = args.string("message")) (*body)["message"] = *message;
        auto client = api_of(ctx);
        if (!client) co_return failure_result(client.error());
        std::string path = "/checkin";
        json::value sent(std::move(*body));
        auto r = co_await (*client)->write(verb::post, std::move(path), std::move(sent), false);
        if (!r) co_return write_failure(r.error(), "Check get_history (a check-in is a play there)");

        auto checkin = json::try_value_to<Checkin>(*r);
        if (!checkin)
          co_return mcp::ToolResult::error("Trakt accepted the check-in but sent an answer that could not be read.");
        std::string text = "Checked in: " + title_of(*checkin) + ". Trakt shows it as watching now and "
                           "adds the play when its runtime is over; cancel_checkin cancels it.";
        co_return mcp::ToolResult{std::move(text), structured(*checkin, answer_storage())};
      }};
}

mcp::Tool cancel_checkin() {
  return mcp::Tool{
      .name = "cancel_checkin",
      .title = "Cancel check-in",
      .description = "Cancels the user's active Trakt check-in, if there is one (its play is not added to their "
                     "history). Safe to repeat.",
      .summary = "cancelling a check-in",
      .args = {},
      .output_schema = output_schema_of<CheckinCancelled>(),
      .annotations = writes(true, true),
      .invoke = [](mcp::Arguments, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        auto client = api_of(ctx);
        if (!client) co_return failure_result(client.error());
        std::string path = "/checkin";
        json::value no_body;
        auto r = co_await (*client)->write(verb::delete_, std::move(path), std::move(no_body), true);
        if (!r) co_return failure_result(r.error());
        co_return mcp::ToolResult{"Done: you have no active check-in on Trakt now.", structured(CheckinCancelled{}, answer_storage())};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(checkin_tool)
TRAKT_MCP_TOOL(cancel_checkin)

}  // namespace trakt::tools
