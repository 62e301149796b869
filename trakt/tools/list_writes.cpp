// The writes to the user's lists, through Trakt's sync endpoints:
// add_to_watchlist, remove_from_watchlist (/sync/watchlist[/remove]),
// mark_watched, remove_from_history (/sync/history[/remove]), rate and
// remove_rating (/sync/ratings[/remove]). Each says what Trakt reports it did:
// added, already there, removed, and every item Trakt did not find.

#include "trakt/sync_items.hpp"
#include "trakt/text.hpp"
#include "trakt/tools/tool_support.hpp"

#include "support/json_fields.hpp"
#include "support/time.hpp"

#include <boost/json/serialize.hpp>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;
using verb = boost::beast::http::verb;

namespace {

constexpr std::size_t max_items = 100;

std::string items_help() {
  return "Titles as Trakt names them, 1 to " + std::to_string(max_items) +
         ": {\"type\": \"movie\", \"ids\": {\"trakt\": 1234}}, {\"type\": \"show\", \"ids\": {\"slug\": \"severance\"}}, "
         "{\"type\": \"season\", \"show\": {\"ids\": {\"trakt\": 1390}}, \"season\": 2}, {\"type\": \"episode\", "
         "\"show\": {\"ids\": {\"trakt\": 1390}}, \"season\": 2, \"number\": 3}. ids: trakt, slug, imdb, tmdb or tvdb, "
         "as search prints them.";
}

mcp::Arg items_arg(bool required = true) {
  return {.name = "items", .type = mcp::Arg::Type::array, .description = items_help(), .required = required,
          .schema = {{"items", sync::item_schema()}, {"minItems", 1}, {"maxItems", max_items}}};
}

// The items argument read into sync items; `error` says what is wrong.
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

// Items Trakt knows that the change did not touch: given, less not found, less counted.
std::size_t untouched(std::size_t given, const sync::NotFound& nf, const sync::Counts& changed) {
  const std::size_t accounted = nf.items.size() + nf.unmatched.size() + static_cast<std::size_t>(changed.total());
  return given > accounted ? given - accounted : 0;
}

// The answers: what Trakt counted, and the items it did not find, echoed back
// as they were given.
using Given = Prebuilt<json::object>;
constexpr model::Field not_found_field{.name = "not_found",
                                       .description = "the items Trakt did not find, as they were given"};

struct Added {
  sync::Counts added, existing;
  Given not_found;
  static constexpr model::Field fields[] = {not_found_field};
};
BOOST_DESCRIBE_STRUCT(Added, (), (added, existing, not_found))

struct Removed {
  sync::Counts removed;
  Given not_found;
  static constexpr model::Field fields[] = {not_found_field};
};
BOOST_DESCRIBE_STRUCT(Removed, (), (removed, not_found))

struct PlaysAdded {
  sync::PlayCounts added;
  Given not_found;
  static constexpr model::Field fields[] = {not_found_field};
};
BOOST_DESCRIBE_STRUCT(PlaysAdded, (), (added, not_found))

struct PlaysRemoved {
  sync::PlayCounts removed;
  Given not_found;
  std::vector<std::int64_t> not_found_ids;
  static constexpr model::Field fields[] = {not_found_field,
                                            {.name = "not_found_ids", .description = "history ids no play has"}};
};
BOOST_DESCRIBE_STRUCT(PlaysRemoved, (), (removed, not_found, not_found_ids))

struct Rated {
  std::int64_t rating = 0;
  sync::Counts added;
  Given not_found;
  static constexpr model::Field fields[] = {{.name = "rating", .minimum = 1, .maximum = 10}, not_found_field};
};
BOOST_DESCRIBE_STRUCT(Rated, (), (rating, added, not_found))

// One sync write: POST `body` to `path` (a literal: no temporaries inside
// co_await, which GCC 12 mishandles). Parameters by value (coroutine).
net::awaitable<Result<json::value>> post(mcp::CallContext ctx, const char* path, json::object body, bool idempotent) {
  auto client = api_of(ctx);
  if (!client) co_return client.error();
  std::string target = path;
  json::value sent(std::move(body));
  co_return co_await (*client)->write(verb::post, std::move(target), std::move(sent), idempotent);
}

// How one removal of items (from the watchlist, of ratings) speaks.
struct Removal {
  const char* tool;       // "remove_from_watchlist"
  const char* path;       // "/sync/watchlist/remove"
  const char* doing[2];   // around "11 items": {"remove ", " from your watchlist"}
  const char* removed;    // "Removed from your watchlist: " (then the counts)
  const char* none;       // "Nothing was removed from your watchlist."
  const char* kept[2];    // after "1 item" / "3 items": {" was not on it.", " were not on it."}
};

// Asks first when there are many, removes, and says what Trakt removed, what
// it did not find, and what was not there. Parameters by value (coroutine).
net::awaitable<mcp::ToolResult> remove_items(mcp::Arguments args, mcp::CallContext ctx, Removal how) {
  std::string error;
  auto items = items_of(args, error);
  if (!items) co_return mcp::ToolResult::error(error);
  std::string doing = how.doing[0] + text::plural(items->size(), "item") + how.doing[1];
  auto refused = co_await consent(ctx, items->size(), doing, how.tool, args.boolean("confirm").value_or(false));
  if (refused) co_return std::move(*refused);
  json::object body = sync::sync_body(*items);
  auto r = co_await post(ctx, how.path, body, true);
  if (!r) co_return failure_result(r.error());
  const auto removed = sync::counts(*r, "deleted");
  const auto nf = sync::not_found(*items, body, *r);
  std::string text = removed.total() ? how.removed + sync::describe(removed) + "." : std::string(how.none);
  if (auto n = untouched(items->size(), nf, removed)) text += "\n" + text::plural(n, "item") + how.kept[n == 1 ? 0 : 1];
  text += not_found_line(nf);
  co_return mcp::ToolResult{text, structured(Removed{removed, {sync::given(nf)}}, answer_storage())};
}

// -- the watchlist --------------------------------------------------------------------------

mcp::Tool add_to_watchlist() {
  return mcp::Tool{
      .name = "add_to_watchlist",
      .title = "Add to watchlist",
      .description = "Adds movies, shows, seasons or episodes to the user's Trakt watchlist. Says what was added, "
                     "what was already on it, and which items Trakt did not find. Safe to repeat.",
      .summary = "adding to their watchlist",
      .args = {items_arg()},
      .output_schema = output_schema_of<Added>(),
      .annotations = writes(false, true),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        std::string error;
        auto items = items_of(args, error);
        if (!items) co_return mcp::ToolResult::error(error);
        json::object body = sync::sync_body(*items);
        auto r = co_await post(ctx, "/sync/watchlist", body, true);
        if (!r) co_return failure_result(r.error());
        const auto added = sync::counts(*r, "added");
        const auto existing = sync::counts(*r, "existing");
        const auto nf = sync::not_found(*items, body, *r);
        std::string text = added.total() ? "Added to your watchlist: " + sync::describe(added) + "."
                                         : "Nothing new was added to your watchlist.";
        if (existing.total()) text += "\nAlready on it: " + sync::describe(existing) + ".";
        text += not_found_line(nf);
        co_return mcp::ToolResult{text, structured(Added{added, existing, {sync::given(nf)}}, answer_storage())};
      }};
}

mcp::Tool remove_from_watchlist() {
  return mcp::Tool{
      .name = "remove_from_watchlist",
      .title = "Remove from watchlist",
      .description = "Removes movies, shows, seasons or episodes from the user's Trakt watchlist. Says what was "
                     "removed and which items Trakt did not find. More than " + std::to_string(bulk_limit) +
                     " items at once need the user's consent: the client asks them, or the call needs \"confirm\": "
                     "true after you asked.",
      .summary = "removing from their watchlist",
      .args = {items_arg(), confirm_arg()},
      .output_schema = output_schema_of<Removed>(),
      .annotations = writes(true, true),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) {
        return remove_items(std::move(args), std::move(ctx),
                            Removal{"remove_from_watchlist", "/sync/watchlist/remove", {"remove ", " from your watchlist"},
                                    "Removed from your watchlist: ", "Nothing was removed from your watchlist.",
                                    {" was not on it.", " were not on it."}});
      }};
}

// -- history --------------------------------------------------------------------------------

constexpr std::string_view check_history = "Check get_history for these plays";

mcp::Tool mark_watched() {
  return mcp::Tool{
      .name = "mark_watched",
      .title = "Mark as watched",
      .description = "Adds a play to the user's Trakt history for each movie or episode (a show or season stands for "
                     "all its aired episodes). Every call adds new plays, so do not repeat it for the same viewing. "
                     "Says what was added and which items Trakt did not find.",
      .summary = "recording what they watched",
      .args = {items_arg(),
               {.name = "watched_at", .type = mcp::Arg::Type::string,
                .description = "When they watched it: a UTC time \"YYYY-MM-DDTHH:MM:SSZ\", or \"released\" for the "
                               "release date (default: now)."}},
      .output_schema = output_schema_of<PlaysAdded>(),
      .annotations = writes(false, false),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        std::string error;
        auto items = items_of(args, error);
        if (!items) co_return mcp::ToolResult::error(error);
        json::object leaf;
        const auto when = args.string("watched_at");
        if (when) {
          if (*when != "released" && !support::parse_utc_timestamp(*when))
            co_return mcp::ToolResult::error("watched_at must be a UTC time such as 2026-11-30T21:00:00Z, or "
                                             "\"released\".");
          leaf["watched_at"] = *when;
        }
        json::object body = sync::sync_body(*items, leaf);
        auto r = co_await post(ctx, "/sync/history", body, false);
        if (!r) co_return write_failure(r.error(), check_history);
        const auto added = sync::counts(*r, "added");
        const auto nf = sync::not_found(*items, body, *r);
        std::string text = added.total() ? "Marked as watched (one new play each): " + sync::describe(added) +
                                               (when ? ", watched " + *when : std::string()) + "."
                                         : "Nothing was marked as watched.";
        text += not_found_line(nf);
        co_return mcp::ToolResult{text, structured(PlaysAdded{sync::plays_of(added), {sync::given(nf)}}, answer_storage())};
      }};
}

mcp::Tool remove_from_history() {
  return mcp::Tool{
      .name = "remove_from_history",
      .title = "Remove from history",
      .description = "Removes plays from the user's Trakt history: every play of the given items, or single plays by "
                     "their history ids (get_history shows them in its structured content). Says what was removed "
                     "and what Trakt did not find. More than " + std::to_string(bulk_limit) +
                     " items and ids at once need the user's consent: the client asks them, or the call needs "
                     "\"confirm\": true after you asked.",
      .summary = "removing plays from their history",
      .args = {items_arg(false),
               {.name = "history_ids", .type = mcp::Arg::Type::array,
                .description = "History ids of single plays to remove.",
                .schema = {{"items", {{"type", "integer"}, {"minimum", 1}}}, {"maxItems", max_items}}},
               confirm_arg()},
      .output_schema = output_schema_of<PlaysRemoved>(),
      .annotations = writes(true, false),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        std::string error;
        auto items = items_of(args, error);
        if (!items) co_return mcp::ToolResult::error(error);
        json::array ids;
        if (const json::value* raw = args.value("history_ids")) {
          for (const auto& v : raw->get_array()) {
            if (!v.is_int64() || v.get_int64() < 1)
              co_return mcp::ToolResult::error("history_ids must be whole numbers from get_history.");
            ids.push_back(v);
          }
          if (ids.size() > max_items)
            co_return mcp::ToolResult::error("At most " + std::to_string(max_items) + " history_ids go in one call.");
        }
        if (items->empty() && ids.empty())
          co_return mcp::ToolResult::error("Name what to remove: items (every play of them) or history_ids.");
        const std::size_t count = items->size() + ids.size();
        const std::string what = ids.empty() ? text::plural(std::int64_t(count), "title")
                                             : text::plural(std::int64_t(count), "entry", "entries");
        std::string doing = "remove " + what + " from your watch history";
        if (ids.empty() && count != 1) doing = "remove every play of " + text::plural(count, "title") + " from your watch history";
        auto refused = co_await consent(ctx, count, doing, "remove_from_history", args.boolean("confirm").value_or(false));
        if (refused) co_return std::move(*refused);
        json::object body = sync::sync_body(*items);
        if (!ids.empty()) body["ids"] = ids;
        auto r = co_await post(ctx, "/sync/history/remove", body, false);
        if (!r) co_return write_failure(r.error(), check_history);
        const auto removed = sync::counts(*r, "deleted");
        const auto nf = sync::not_found(*items, body, *r);
        json::array missing_ids;
        if (const auto* a = r->if_object())
          if (const auto* n = support::object_field(*a, "not_found"))
            if (const auto* list = n->if_contains("ids"); list && list->is_array()) missing_ids = list->get_array();
        const std::int64_t plays = removed.movies + removed.episodes;
        std::string text = plays ? "Removed from your history: " + text::plural(static_cast<std::size_t>(plays), "play") +
                                       " (" + sync::describe(removed) + ")."
                                 : "Nothing was removed from your history.";
        text += not_found_line(nf);
        if (!missing_ids.empty()) {
          std::string list;
          for (const auto& id : missing_ids) list += (list.empty() ? "" : ", ") + json::serialize(id);
          text += "\nNo play has the history id " + list + " (get_history shows the ids).";
        }
        std::vector<std::int64_t> not_found_ids;
        for (const auto& id : missing_ids)
          if (id.is_int64()) not_found_ids.push_back(id.get_int64());
        const PlaysRemoved answer{sync::plays_of(removed), {sync::given(nf)}, std::move(not_found_ids)};
        co_return mcp::ToolResult{text, structured(answer, answer_storage())};
      }};
}

// -- ratings --------------------------------------------------------------------------------

mcp::Tool rate() {
  return mcp::Tool{
      .name = "rate",
      .title = "Rate",
      .description = "Gives movies, shows, seasons or episodes the user's rating from 1 to 10 on Trakt (replacing an "
                     "earlier rating of the same item). Says what was rated and which items Trakt did not find.",
      .summary = "rating titles",
      .args = {items_arg(),
               {.name = "rating", .type = mcp::Arg::Type::integer, .description = "The rating, 1 (worst) to 10 (best).",
                .minimum = 1, .maximum = 10, .required = true}},
      .output_schema = output_schema_of<Rated>(),
      .annotations = writes(false, true),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        std::string error;
        auto items = items_of(args, error);
        if (!items) co_return mcp::ToolResult::error(error);
        const std::int64_t rating = *args.integer("rating");
        json::object body = sync::sync_body(*items, json::object{{"rating", rating}});
        auto r = co_await post(ctx, "/sync/ratings", body, true);
        if (!r) co_return failure_result(r.error());
        const auto added = sync::counts(*r, "added");
        const auto nf = sync::not_found(*items, body, *r);
        std::string text = added.total()
                               ? "Rated " + std::to_string(rating) + "/10: " + sync::describe(added) + "."
                               : "Nothing was rated.";
        text += not_found_line(nf);
        co_return mcp::ToolResult{text, structured(Rated{rating, added, {sync::given(nf)}}, answer_storage())};
      }};
}

mcp::Tool remove_rating() {
  return mcp::Tool{
      .name = "remove_rating",
      .title = "Remove rating",
      .description = "Removes the user's Trakt rating of movies, shows, seasons or episodes. Says what was removed "
                     "and which items Trakt did not find. More than " + std::to_string(bulk_limit) +
                     " items at once need the user's consent: the client asks them, or the call needs \"confirm\": "
                     "true after you asked.",
      .summary = "removing their ratings",
      .args = {items_arg(), confirm_arg()},
      .output_schema = output_schema_of<Removed>(),
      .annotations = writes(true, true),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) {
        return remove_items(std::move(args), std::move(ctx),
                            Removal{"remove_rating", "/sync/ratings/remove", {"remove your rating of ", ""},
                                    "Removed your rating of ", "No rating was removed.",
                                    {" had no rating from you.", " had no rating from you."}});
      }};
}

}  // namespace

TRAKT_MCP_TOOL(add_to_watchlist)
TRAKT_MCP_TOOL(remove_from_watchlist)
TRAKT_MCP_TOOL(mark_watched)
TRAKT_MCP_TOOL(remove_from_history)
TRAKT_MCP_TOOL(rate)
TRAKT_MCP_TOOL(remove_rating)

}  // namespace trakt::tools
