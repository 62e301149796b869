// get_lists: the user's personal lists (/users/me/lists), or the items of one
// in the list's order (/users/me/lists/{id}/items, paged).

#include "trakt/model/list.hpp"
#include "trakt/tools/personal_lists.hpp"

namespace trakt::tools {
namespace {
namespace net = boost::asio;

struct ListsAnswer {  // `lists`, or the items of `list`
  std::optional<std::string> list;
  std::int64_t count = 0;
  std::optional<Prebuilt<UserList>> lists;
  std::optional<Prebuilt<ListItem>> items;
};
BOOST_DESCRIBE_STRUCT(ListsAnswer, (), (list, count, lists, items))

template <class Item>  // the lists, or one list's items; by value: a coroutine
net::awaitable<mcp::ToolResult> listing(mcp::Arguments args, mcp::CallContext ctx, std::string path, std::string none) {
  auto client = api_of(ctx);
  if (!client) co_return failure_result(client.error());
  const auto limit = std::size_t(*args.integer("limit"));
  const auto sp = answer_storage();
  Query no_query;  // named: no braced temporary inside co_await (GCC 12)
  auto got = co_await fetch_listing<Item>(*client, std::move(path), std::move(no_query), limit,
                                          int(std::min<std::size_t>(limit, 250)), ctx, sp);
  if (!got) co_return list_failure(got.error(), args);
  ListsAnswer answer{args.string("list"), std::int64_t(got->count)};
  if constexpr (std::is_same_v<Item, UserList>) answer.lists = std::move(got->items);
  else answer.items = std::move(got->items);
  std::string text = (got->count ? std::move(got->text) : none) + skipped_note(got->skipped);
  co_return mcp::ToolResult{std::move(text), structured(answer, sp)};
}

net::awaitable<mcp::ToolResult> run(mcp::Arguments args, mcp::CallContext ctx) {
  std::string path = "/users/me/lists", empty = "You have no lists on Trakt yet; create_list makes one.", error;
  if (!args.string("list")) co_return co_await listing<UserList>(std::move(args), std::move(ctx), path, empty);
  auto items = list_path(args, error, "/items");
  if (!items) co_return mcp::ToolResult::error(error);
  empty = "The list '" + *args.string("list") + "' is empty; add_to_list adds titles.";
  co_return co_await listing<ListItem>(std::move(args), std::move(ctx), std::move(*items), std::move(empty));
}

mcp::Tool get_lists() {
  return {.name = "get_lists", .title = "Personal lists",
          .description = "The user's own Trakt lists, or with list the items of one in order, with ids and notes. "
                         "Use it for \"show my Halloween list\".",
          .summary = "their personal lists",
          .args = {{.name = "list", .type = mcp::Arg::Type::identifier, .description = "Its Trakt id or slug."},
                   {.name = "limit", .type = mcp::Arg::Type::integer, .description = "Default 50.",
                    .minimum = 1, .maximum = 1000, .default_value = 50}},
          .output_schema = output_schema_of<ListsAnswer>(), .annotations = read_only(), .invoke = run};
}

}  // namespace

TRAKT_MCP_TOOL(get_lists)
}  // namespace trakt::tools
