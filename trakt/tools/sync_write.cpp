// See sync_write.hpp.

#include "trakt/tools/sync_write.hpp"

#include <memory>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;
using verb = boost::beast::http::verb;

namespace {

std::string items_help() {
  return "1 to " + std::to_string(max_items) +
         " titles: {\"type\": \"movie\", \"ids\": {\"trakt\": 1234}}; a season or episode names its show: "
         "{\"type\": \"episode\", \"show\": {\"ids\": {\"slug\": \"severance\"}}, \"season\": 2, \"number\": 3}.";
}

// Parameters by value, the spec shared: a coroutine.
net::awaitable<mcp::ToolResult> run_sync_write(std::shared_ptr<const SyncWrite> spec, mcp::Arguments args,
                                               mcp::CallContext ctx) {
  std::string error;
  auto items = items_of(args, error);
  if (!items) co_return mcp::ToolResult::error(error);
  json::object leaf;
  if (auto problem = spec->leaf(args, leaf)) co_return mcp::ToolResult::error(*problem);
  std::string path = spec->path;
  if (spec->path_from)
    if (auto problem = spec->path_from(args, path)) co_return mcp::ToolResult::error(*problem);
  if (spec->doing) {
    std::string doing = spec->doing(items->size());
    auto refused = co_await consent(ctx, items->size(), std::move(doing), spec->declared.name,
                                    args.boolean("confirm").value_or(false));
    if (refused) co_return std::move(*refused);
  }
  SyncOutcome out{std::move(*items), {}, nullptr};
  out.body = sync::sync_body(out.items, leaf);
  const bool idempotent = spec->declared.annotations.idempotent.value_or(false);
  auto r = co_await post(ctx, std::move(path), out.body, idempotent);
  if (!r && spec->failed) co_return co_await spec->failed(r.error(), std::move(args), std::move(ctx));
  if (!r) co_return idempotent ? failure_result(r.error()) : write_failure(r.error(), spec->check);
  out.answer = std::move(*r);
  co_return spec->answer(out, args);
}

}  // namespace

mcp::Arg items_arg(bool required) {
  return {.name = "items", .type = mcp::Arg::Type::array, .description = items_help(), .required = required,
          .schema = {{"items", sync::item_schema()}, {"minItems", 1}, {"maxItems", max_items}}};
}

std::optional<std::vector<sync::Item>> items_of(const mcp::Arguments& args, std::string& error) {
  const json::value* raw = args.value("items");
  if (!raw) return std::vector<sync::Item>{};
  const auto& list = raw->get_array();
  if (list.empty()) {
    error = "items is empty: name at least one title.";
    return std::nullopt;
  }
  if (list.size() > max_items) {
    error = "items has " + std::to_string(list.size()) + " titles; at most " + std::to_string(max_items) +
            " go in one call. Split it into several calls.";
    return std::nullopt;
  }
  return sync::read_items(list, error);
}

std::string not_found_line(const sync::NotFound& nf) {
  if (nf.items.empty() && nf.unmatched.empty()) return "";
  return "\nNot found on Trakt (check the ids with search): " + sync::describe(nf) + ".";
}

std::size_t untouched(std::size_t given, const sync::NotFound& nf, const sync::Counts& changed) {
  const std::size_t accounted = nf.items.size() + nf.unmatched.size() + static_cast<std::size_t>(changed.total());
  return given > accounted ? given - accounted : 0;
}

net::awaitable<Result<json::value>> post(mcp::CallContext ctx, std::string path, json::object body, bool idempotent) {
  auto client = api_of(ctx);
  if (!client) co_return client.error();
  json::value sent(std::move(body));
  co_return co_await (*client)->write(verb::post, std::move(path), std::move(sent), idempotent);
}

mcp::Tool sync_write(SyncWrite spec) {
  auto shared = std::make_shared<const SyncWrite>(std::move(spec));
  mcp::Tool tool = shared->declared;
  tool.invoke = [shared](mcp::Arguments args, mcp::CallContext ctx) {
    return run_sync_write(shared, std::move(args), std::move(ctx));
  };
  return tool;
}

}  // namespace trakt::tools
