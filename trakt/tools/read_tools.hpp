#pragma once
// The builders of read tools, from what is particular to each:
// - list_tool: a read over one Trakt list: its declaration (name,
//   description, arguments), the request its arguments make, how an item is
//   read and the line it becomes, and what to say when the list is empty. The
//   builder does the rest: the client, the fetch (cached by the path's
//   CacheRule), mapping, counts, the "skipped" note, and the output schema
//   {count, items} derived from the item's shape. Optionally: a check of the
//   arguments before anything is asked, the answer when Trakt does not know
//   the id the path names (404), and marks from a list of the user's own
//   read alongside (discover's "(seen)").
// - item_tool: a read of one Trakt object (a summary, the stats): its
//   declaration, request, and the text it becomes; the object itself is the
//   structuredContent, its shape the schema. An answer that cannot be read is
//   an error that says so, and is not kept by the cache.

#include "trakt/tools/tool_support.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace trakt::tools {

// What one call asks Trakt for.
struct ListRequest {
  std::string path;
  Query query;
  bool needs_login = true;  // false: a public list, the client id is enough
};

template <class Item>
struct ListAnswer {
  std::int64_t count = 0;
  Prebuilt<Item> items;
  static constexpr model::Field fields[] = {{.name = "count", .minimum = 0}};
  BOOST_DESCRIBE_CLASS(ListAnswer, (), (count, items), (), ())
};

template <class Item>
struct ListTool {
  mcp::Tool declared;  // everything but output_schema and invoke
  std::function<ListRequest(const mcp::Arguments&)> request;
  // Reads one item of Trakt's answer, or nullopt when it cannot be read.
  std::function<std::optional<Item>(const boost::json::value&, const mcp::Arguments&)> read =
      [](const boost::json::value& v, const mcp::Arguments&) -> std::optional<Item> {
    auto r = boost::json::try_value_to<Item>(v);
    return r ? std::optional<Item>(std::move(*r)) : std::nullopt;
  };
  std::function<std::string(const Item&)> line;
  std::function<std::string(const mcp::Arguments&)> empty;  // the answer when nothing is listed
  // Optional. An error text when the arguments cannot make a request (an id
  // that is no id), nullopt to go ahead.
  std::function<std::optional<std::string>(const mcp::Arguments&)> refuse;
  // Optional. The error text when Trakt answers 404: the id names nothing.
  std::function<std::string(const mcp::Arguments&)> not_found;
  // Optional, both or neither. A list of the user's own titles (e.g. their
  // watched shows), read with the login at the same time as the list; `mark`
  // then sets each item from the Trakt ids of the titles in it. Without a
  // login nothing reaches Trakt (there is no token to send) and nothing is
  // marked; another failure leaves the marks out and says so.
  std::function<ListRequest(const mcp::Arguments&)> owned;
  std::function<void(Item&, const std::unordered_set<std::int64_t>& owned)> mark;
};

// Runs one call of a list tool (a coroutine: everything by value).
template <class Item>
boost::asio::awaitable<mcp::ToolResult> run_list(ListTool<Item> spec, mcp::Arguments args, mcp::CallContext ctx) {
  if (spec.refuse)
    if (auto refused = spec.refuse(args)) co_return mcp::ToolResult::error(std::move(*refused));
  auto client = api_of(ctx);
  if (!client) co_return failure_result(client.error());
  ListRequest req = spec.request(args);
  std::vector<boost::asio::awaitable<Result<Page>>> work;
  if (req.needs_login)
    work.push_back((*client)->get(std::move(req.path), std::move(req.query)));
  else
    work.push_back((*client)->get_public(std::move(req.path), std::move(req.query)));
  if (spec.owned) {
    ListRequest mine = spec.owned(args);
    work.push_back((*client)->get(std::move(mine.path), std::move(mine.query)));
  }
  auto fetched = co_await concurrently(std::move(work));
  Result<Page>& page = fetched.front();
  if (!page && page.error().kind == FailureKind::not_found && spec.not_found)
    co_return mcp::ToolResult::error(spec.not_found(args));
  if (!page) co_return failure_result(page.error());
  std::optional<std::unordered_set<std::int64_t>> owned;
  std::string unmarked;  // why the marks are missing, when that is news
  if (fetched.size() > 1) {
    if (fetched[1])
      owned = owned_ids(fetched[1]->items);
    else if (fetched[1].error().kind != FailureKind::not_logged_in)
      unmarked = "\n(Your own titles could not be read, so none are marked: " + fetched[1].error().message + ")";
  }
  const auto sp = answer_storage();
  ListAnswer<Item> answer{0, Prebuilt<Item>{boost::json::array(sp)}};  // the items built in `sp`
  std::string text;
  std::size_t skipped = 0;
  for (const auto& raw : page->items) {
    auto item = spec.read(raw, args);
    if (!item) {
      ++skipped;
      continue;
    }
    if (owned) spec.mark(*item, *owned);
    if (!text.empty()) text += '\n';
    text += spec.line(*item);
    model::write(answer.items.values.emplace_back(nullptr), *item);
  }
  answer.count = std::int64_t(answer.items.values.size());
  if (answer.count == 0) text = spec.empty(args);
  text += skipped_note(skipped);
  text += unmarked;
  co_return mcp::ToolResult{std::move(text), structured(answer, sp)};
}

template <class Item>
mcp::Tool list_tool(ListTool<Item> spec) {
  mcp::Tool tool = spec.declared;
  tool.output_schema = output_schema_of<ListAnswer<Item>>();
  tool.invoke = [spec = std::move(spec)](mcp::Arguments args, mcp::CallContext ctx) {
    return run_list(spec, std::move(args), std::move(ctx));
  };
  return tool;
}

template <class Item>
struct ItemTool {
  mcp::Tool declared;  // everything but output_schema and invoke
  std::function<ListRequest(const mcp::Arguments&)> request;
  std::function<std::string(const Item&)> text;
  std::string unreadable;  // what it is, for "Trakt sent <unreadable> that could not be read"
};

template <class Item>
boost::asio::awaitable<mcp::ToolResult> run_item(ItemTool<Item> spec, mcp::Arguments args, mcp::CallContext ctx) {
  auto client = api_of(ctx);
  if (!client) co_return failure_result(client.error());
  ListRequest req = spec.request(args);  // always with the login: the user's own object
  auto raw = co_await (*client)->get_value(req.path, req.query);
  if (!raw) co_return failure_result(raw.error());
  auto item = boost::json::try_value_to<Item>(*raw);
  if (!item) {
    (*client)->distrust(req.path, req.query);  // asked again next time, not served from memory
    co_return mcp::ToolResult::error("Trakt sent " + spec.unreadable + " that could not be read. Try again later.");
  }
  co_return mcp::ToolResult{spec.text(*item), structured(*item, answer_storage())};
}

template <class Item>
mcp::Tool item_tool(ItemTool<Item> spec) {
  mcp::Tool tool = spec.declared;
  tool.output_schema = output_schema_of<Item>();
  tool.invoke = [spec = std::move(spec)](mcp::Arguments args, mcp::CallContext ctx) {
    return run_item(spec, std::move(args), std::move(ctx));
  };
  return tool;
}

}  // namespace trakt::tools
