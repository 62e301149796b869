// The changes to the user's personal lists: create_list (POST /users/me/lists),
// delete_list (DELETE /users/me/lists/{id}, always asked first), add_to_list
// and remove_from_list (POST /users/me/lists/{id}/items[/remove], sync bodies
// as for the watchlist). Trakt's 420 says which account limit was met.

#include "trakt/model/list.hpp"
#include "trakt/text.hpp"
#include "trakt/tools/personal_lists.hpp"
#include "trakt/tools/sync_write.hpp"

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;
using verb = boost::beast::http::verb;

namespace {

constexpr model::Field item_count_field{.name = "item_count", .description = "items on the list now", .minimum = 0};

struct ListAdded {
  std::string list;
  sync::Counts added, existing;
  Given not_found;
  std::optional<std::int64_t> item_count;
  static constexpr model::Field fields[] = {not_found_field, item_count_field};
};
BOOST_DESCRIBE_STRUCT(ListAdded, (), (list, added, existing, not_found, item_count))

struct ListRemoved {
  std::string list;
  sync::Counts removed;
  Given not_found;
  std::optional<std::int64_t> item_count;
  static constexpr model::Field fields[] = {not_found_field, item_count_field};
};
BOOST_DESCRIBE_STRUCT(ListRemoved, (), (list, removed, not_found, item_count))

struct ListDeleted {
  UserList deleted;
};
BOOST_DESCRIBE_STRUCT(ListDeleted, (), (deleted))

// "'halloween'": the list as the call named it.
std::string named(const mcp::Arguments& args) {
  std::string s = "'";
  s += text::one_line(args.string("list").value_or(""));
  s += '\'';
  return s;
}

// The list's item count from Trakt's answer to an items write ({"list": {"item_count": 13}}).
std::optional<std::int64_t> item_count(const json::value& answer) {
  boost::system::error_code ec;
  const json::value* n = answer.find_pointer("/list/item_count", ec);
  return n && n->is_int64() ? std::optional<std::int64_t>(n->get_int64()) : std::nullopt;
}

std::string holds(std::optional<std::int64_t> n) {
  return n ? "\nThe list now holds " + text::plural(*n, "item") + "." : std::string();
}

// A failed items write: an unknown list (404), or the list is full (420).
net::awaitable<mcp::ToolResult> items_failed(Failure f, mcp::Arguments args, mcp::CallContext ctx) {
  if (f.kind != FailureKind::account_limit) co_return list_failure(f, args);
  std::string limit = "item_count", nothing = "Nothing was added";
  co_return co_await limit_reached(std::move(ctx), std::move(f), std::move(limit), std::move(nothing));
}

net::awaitable<mcp::ToolResult> removal_failed(Failure f, mcp::Arguments args, mcp::CallContext) {
  co_return list_failure(f, args);
}

std::optional<std::string> items_path(const mcp::Arguments& args, std::string& path, std::string_view rest) {
  std::string error;
  auto p = list_path(args, error, rest);
  if (!p) return error;
  path = std::move(*p);
  return std::nullopt;
}

mcp::Tool add_to_list() {
  return sync_write({
      .declared = {.name = "add_to_list",
                   .title = "Add to a list",
                   .description = "Adds titles to one of the user's Trakt lists. Says what was added, what was "
                                  "already on it and which items Trakt did not find. Safe to repeat.",
                   .summary = "adding to their lists",
                   .args = {list_arg(), items_arg()},
                   .output_schema = output_schema_of<ListAdded>(),
                   .annotations = writes(false, true)},
      .path_from = [](const mcp::Arguments& args, std::string& path) { return items_path(args, path, "/items"); },
      .answer = [](const SyncOutcome& out, const mcp::Arguments& args) {
        const auto added = out.counts("added");
        const auto existing = out.counts("existing");
        const auto nf = out.not_found();
        const auto count = item_count(out.answer);
        std::string text = added.total() ? "Added to your list " + named(args) + ": " + sync::describe(added) + "."
                                         : "Nothing new was added to your list " + named(args) + ".";
        if (existing.total()) text += "\nAlready on it: " + sync::describe(existing) + ".";
        text += not_found_line(nf) + holds(count);
        const ListAdded answer{*args.string("list"), added, existing, {sync::given(nf)}, count};
        return mcp::ToolResult{text, structured(answer, answer_storage())};
      },
      .failed = items_failed});
}

mcp::Tool remove_from_list() {
  return sync_write({
      .declared = {.name = "remove_from_list",
                   .title = "Remove from a list",
                   .description = "Removes titles from one of the user's Trakt lists. Over " +
                                  std::to_string(bulk_limit) +
                                  " need their consent: the client asks, or confirm: true once given.",
                   .summary = "removing from their lists",
                   .args = {list_arg(), items_arg(), {.name = "confirm", .type = mcp::Arg::Type::boolean}},
                   .output_schema = output_schema_of<ListRemoved>(),
                   .annotations = writes(true, true)},
      .path_from = [](const mcp::Arguments& args, std::string& path) {
        return items_path(args, path, "/items/remove");
      },
      .doing = [](std::size_t n) { return "remove " + text::plural(std::int64_t(n), "item") + " from a list"; },
      .answer = [](const SyncOutcome& out, const mcp::Arguments& args) {
        const auto removed = out.counts("deleted");
        const auto nf = out.not_found();
        const auto count = item_count(out.answer);
        std::string text = removed.total()
                               ? "Removed from your list " + named(args) + ": " + sync::describe(removed) + "."
                               : "Nothing was removed from your list " + named(args) + ".";
        if (auto n = untouched(out.items.size(), nf, removed))
          text += "\n" + text::plural(std::int64_t(n), "item") + (n == 1 ? " was" : " were") + " not on it.";
        text += not_found_line(nf) + holds(count);
        const ListRemoved answer{*args.string("list"), removed, {sync::given(nf)}, count};
        return mcp::ToolResult{text, structured(answer, answer_storage())};
      },
      .failed = removal_failed});
}

// -- create and delete ----------------------------------------------------------------------

net::awaitable<mcp::ToolResult> create(mcp::Arguments args, mcp::CallContext ctx) {
  const std::string name = text::one_line_collapsed(*args.string("name"));
  if (name.empty()) co_return mcp::ToolResult::error("name is empty: give the list a name.");
  json::object body{{"name", name}, {"privacy", *args.string("privacy")}};
  if (auto d = args.string("description"); d && !text::one_line_collapsed(*d).empty()) body["description"] = *d;
  std::string path = "/users/me/lists";  // named first: no temporaries inside co_await (GCC 12)
  auto r = co_await post(ctx, std::move(path), std::move(body), false);
  if (!r && r.error().kind == FailureKind::account_limit) {
    std::string limit = "count", nothing = "Nothing was created";
    co_return co_await limit_reached(std::move(ctx), r.error(), std::move(limit), std::move(nothing));
  }
  if (!r) co_return write_failure(r.error(), "Check get_lists for a list named '" + name + "'");
  auto list = json::try_value_to<UserList>(*r);
  if (!list)
    co_return mcp::ToolResult::error("Trakt made the list '" + name +
                                     "' but sent back something that could not be read; get_lists shows it.");
  std::string text = "Created your ";
  text += list->privacy.value_or("private");
  text += " list '";
  text += text::one_line(list->name);
  text += "' (";
  if (list->ids.slug) text += "list " + text::one_line(*list->ids.slug) + ", ";
  if (list->ids.trakt) text += "trakt " + std::to_string(*list->ids.trakt);
  text += "). add_to_list adds titles to it.";
  co_return mcp::ToolResult{std::move(text), structured(*list, answer_storage())};
}

mcp::Tool create_list() {
  return {.name = "create_list",
          .title = "Create a list",
          .description = "Makes a new Trakt list for the user; each call makes another, so do not repeat it. Use "
                         "it for \"make me a list\".",
          .summary = "making a list",
          .args = {{.name = "name", .type = mcp::Arg::Type::string, .description = "Its name.", .required = true},
                   {.name = "description", .type = mcp::Arg::Type::string, .description = "What it is for."},
                   {.name = "privacy", .type = mcp::Arg::Type::string, .description = "Default private.",
                    .choices = {"private", "link", "friends", "public"}, .default_value = "private"}},
          .output_schema = output_schema_of<UserList>(),
          .annotations = writes(false, false),
          .invoke = create};
}

net::awaitable<mcp::ToolResult> remove_list(mcp::Arguments args, mcp::CallContext ctx) {
  std::string error;
  auto path = list_path(args, error);
  if (!path) co_return mcp::ToolResult::error(error);
  auto client = api_of(ctx);
  if (!client) co_return failure_result(client.error());
  // Its name and size first: the person is asked about this very list.
  Query no_query;
  auto summary = co_await (*client)->get_value(*path, std::move(no_query));
  if (!summary) co_return list_failure(summary.error(), args);
  auto list = json::try_value_to<UserList>(*summary);
  if (!list) {
    (*client)->distrust(*path, {});
    co_return mcp::ToolResult::error("Trakt sent the list " + named(args) +
                                     " in a shape that could not be read; nothing was deleted.");
  }
  std::string doing = "delete your list '";
  doing += text::one_line(list->name);
  doing += '\'';
  doing += list->item_count ? " and its " + text::plural(list->item_count, "item") : std::string(" (it is empty)");
  std::string why = "deleting a list needs the user's confirmation";
  std::string tool = "delete_list";
  const bool confirmed = args.boolean("confirm").value_or(false);
  auto refused = co_await ask_first(ctx, doing, std::move(tool), confirmed, std::move(why));
  if (refused) co_return std::move(*refused);
  json::value no_body;
  auto r = co_await (*client)->write(verb::delete_, *path, std::move(no_body), true);
  // A 404 now: it is gone all the same (a retry after a lost answer, or deleted meanwhile).
  if (!r && r.error().kind != FailureKind::not_found) co_return failure_result(r.error());
  std::string text = "Deleted your list '";
  text += text::one_line(list->name);
  text += '\'';
  text += list->item_count ? " and its " + text::plural(list->item_count, "item") + "." : std::string(".");
  co_return mcp::ToolResult{std::move(text), structured(ListDeleted{std::move(*list)}, answer_storage())};
}

mcp::Tool delete_list() {
  return {.name = "delete_list",
          .title = "Delete a list",
          .description = "Deletes one of the user's Trakt lists and its items. Always asks the user first (or "
                         "needs confirm: true once they agreed).",
          .summary = "deleting a list",
          .args = {list_arg(), {.name = "confirm", .type = mcp::Arg::Type::boolean}},
          .output_schema = output_schema_of<ListDeleted>(),
          .annotations = writes(true, true),
          .invoke = remove_list};
}

}  // namespace

TRAKT_MCP_TOOL(create_list)
TRAKT_MCP_TOOL(delete_list)
TRAKT_MCP_TOOL(add_to_list)
TRAKT_MCP_TOOL(remove_from_list)

}  // namespace trakt::tools
