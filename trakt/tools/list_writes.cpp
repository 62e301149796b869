// The writes to the user's lists, through Trakt's sync endpoints:
// add_to_watchlist, remove_from_watchlist (/sync/watchlist[/remove]),
// mark_watched, remove_from_history (/sync/history[/remove]), rate and
// remove_rating (/sync/ratings[/remove]). Each says what Trakt reports it did:
// added, already there, removed, and every item Trakt did not find.

#include "trakt/text.hpp"
#include "trakt/tools/sync_write.hpp"

#include "support/json_fields.hpp"
#include "support/time.hpp"

#include <boost/json/serialize.hpp>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;
using verb = boost::beast::http::verb;

namespace {

// The answers: what Trakt counted, and the items it did not find (Given).

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

// What a removal (from the watchlist, of ratings) says, from Trakt's answer:
// what it removed, what was not there, and what it did not find.
struct RemovalWords {
  const char* removed;  // "Removed from your watchlist: " (then the counts)
  const char* none;     // "Nothing was removed from your watchlist."
  const char* kept[2];  // after "1 item" / "3 items": {" was not on it.", " were not on it."}
};

mcp::ToolResult removal_answer(const SyncOutcome& out, const RemovalWords& words) {
  const auto removed = out.counts("deleted");
  const auto nf = out.not_found();
  std::string text = removed.total() ? words.removed + sync::describe(removed) + "." : std::string(words.none);
  if (auto n = untouched(out.items.size(), nf, removed)) text += "\n" + text::plural(n, "item") + words.kept[n == 1 ? 0 : 1];
  text += not_found_line(nf);
  return mcp::ToolResult{text, structured(Removed{removed, {sync::given(nf)}}, answer_storage())};
}

// -- the watchlist --------------------------------------------------------------------------

mcp::Tool add_to_watchlist() {
  return sync_write({
      .declared = {.name = "add_to_watchlist",
                   .title = "Add to watchlist",
                   .description = "Adds movies, shows, seasons or episodes to the user's Trakt watchlist. Says what "
                                  "was added, what was already on it, and which items Trakt did not find. Safe to "
                                  "repeat.",
                   .summary = "adding to their watchlist",
                   .args = {items_arg()},
                   .output_schema = output_schema_of<Added>(),
                   .annotations = writes(false, true)},
      .path = "/sync/watchlist",
      .answer = [](const SyncOutcome& out, const mcp::Arguments&) {
        const auto added = out.counts("added");
        const auto existing = out.counts("existing");
        const auto nf = out.not_found();
        std::string text = added.total() ? "Added to your watchlist: " + sync::describe(added) + "."
                                         : "Nothing new was added to your watchlist.";
        if (existing.total()) text += "\nAlready on it: " + sync::describe(existing) + ".";
        text += not_found_line(nf);
        return mcp::ToolResult{text, structured(Added{added, existing, {sync::given(nf)}}, answer_storage())};
      }});
}

mcp::Tool remove_from_watchlist() {
  return sync_write({
      .declared = {.name = "remove_from_watchlist",
                   .title = "Remove from watchlist",
                   .description = "Removes movies, shows, seasons or episodes from the user's Trakt watchlist. Says "
                                  "what was removed and which items Trakt did not find. More than " +
                                  std::to_string(bulk_limit) +
                                  " items at once need the user's consent: the client asks them, or the call needs "
                                  "\"confirm\": true after you asked.",
                   .summary = "removing from their watchlist",
                   .args = {items_arg(), confirm_arg()},
                   .output_schema = output_schema_of<Removed>(),
                   .annotations = writes(true, true)},
      .path = "/sync/watchlist/remove",
      .doing = [](std::size_t n) { return "remove " + text::plural(std::int64_t(n), "item") + " from your watchlist"; },
      .answer = [](const SyncOutcome& out, const mcp::Arguments&) {
        return removal_answer(out, {"Removed from your watchlist: ", "Nothing was removed from your watchlist.",
                                    {" was not on it.", " were not on it."}});
      }});
}

// -- history --------------------------------------------------------------------------------

constexpr std::string_view check_history = "Check get_history for these plays";

mcp::Tool mark_watched() {
  return sync_write({
      .declared = {.name = "mark_watched",
                   .title = "Mark as watched",
                   .description = "Adds a play to the user's Trakt history for each movie or episode (a show or "
                                  "season stands for all its aired episodes). Every call adds new plays, so do not "
                                  "repeat it for the same viewing. Says what was added and which items Trakt did "
                                  "not find.",
                   .summary = "recording what they watched",
                   .args = {items_arg(),
                            {.name = "watched_at", .type = mcp::Arg::Type::string,
                             .description = "When they watched it: a UTC time \"YYYY-MM-DDTHH:MM:SSZ\", or "
                                            "\"released\" for the release date (default: now)."}},
                   .output_schema = output_schema_of<PlaysAdded>(),
                   .annotations = writes(false, false)},
      .path = "/sync/history",
      .leaf = [](const mcp::Arguments& args, json::object& leaf) -> std::optional<std::string> {
        const auto when = args.string("watched_at");
        if (!when) return std::nullopt;
        if (*when != "released" && !support::parse_utc_timestamp(*when))
          return "watched_at must be a UTC time such as 2026-11-30T21:00:00Z, or \"released\".";
        leaf["watched_at"] = *when;
        return std::nullopt;
      },
      .check = std::string(check_history),
      .answer = [](const SyncOutcome& out, const mcp::Arguments& args) {
        const auto added = out.counts("added");
        const auto nf = out.not_found();
        const auto when = args.string("watched_at");
        std::string text = added.total() ? "Marked as watched (one new play each): " + sync::describe(added) +
                                               (when ? ", watched " + *when : std::string()) + "."
                                         : "Nothing was marked as watched.";
        text += not_found_line(nf);
        return mcp::ToolResult{text, structured(PlaysAdded{sync::plays_of(added), {sync::given(nf)}}, answer_storage())};
      }});
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
        std::string path = "/sync/history/remove";  // named first: no temporary inside co_await (GCC 12)
        auto r = co_await post(ctx, std::move(path), body, false);
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
  return sync_write({
      .declared = {.name = "rate",
                   .title = "Rate",
                   .description = "Gives movies, shows, seasons or episodes the user's rating from 1 to 10 on Trakt "
                                  "(replacing an earlier rating of the same item). Says what was rated and which "
                                  "items Trakt did not find.",
                   .summary = "rating titles",
                   .args = {items_arg(),
                            {.name = "rating", .type = mcp::Arg::Type::integer,
                             .description = "The rating, 1 (worst) to 10 (best).", .minimum = 1, .maximum = 10,
                             .required = true}},
                   .output_schema = output_schema_of<Rated>(),
                   .annotations = writes(false, true)},
      .path = "/sync/ratings",
      .leaf = [](const mcp::Arguments& args, json::object& leaf) -> std::optional<std::string> {
        leaf["rating"] = *args.integer("rating");
        return std::nullopt;
      },
      .answer = [](const SyncOutcome& out, const mcp::Arguments& args) {
        const std::int64_t rating = *args.integer("rating");
        const auto added = out.counts("added");
        const auto nf = out.not_found();
        std::string text = added.total()
                               ? "Rated " + std::to_string(rating) + "/10: " + sync::describe(added) + "."
                               : "Nothing was rated.";
        text += not_found_line(nf);
        return mcp::ToolResult{text, structured(Rated{rating, added, {sync::given(nf)}}, answer_storage())};
      }});
}

mcp::Tool remove_rating() {
  return sync_write({
      .declared = {.name = "remove_rating",
                   .title = "Remove rating",
                   .description = "Removes the user's Trakt rating of movies, shows, seasons or episodes. Says what "
                                  "was removed and which items Trakt did not find. More than " +
                                  std::to_string(bulk_limit) +
                                  " items at once need the user's consent: the client asks them, or the call needs "
                                  "\"confirm\": true after you asked.",
                   .summary = "removing their ratings",
                   .args = {items_arg(), confirm_arg()},
                   .output_schema = output_schema_of<Removed>(),
                   .annotations = writes(true, true)},
      .path = "/sync/ratings/remove",
      .doing = [](std::size_t n) { return "remove your rating of " + text::plural(std::int64_t(n), "item"); },
      .answer = [](const SyncOutcome& out, const mcp::Arguments&) {
        return removal_answer(out, {"Removed your rating of ", "No rating was removed.",
                                    {" had no rating from you.", " had no rating from you."}});
      }});
}

}  // namespace

TRAKT_MCP_TOOL(add_to_watchlist)
TRAKT_MCP_TOOL(remove_from_watchlist)
TRAKT_MCP_TOOL(mark_watched)
TRAKT_MCP_TOOL(remove_from_history)
TRAKT_MCP_TOOL(rate)
TRAKT_MCP_TOOL(remove_rating)

}  // namespace trakt::tools
