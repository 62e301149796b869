// get_up_next: for each show the user is part-way through, the next episode
// to watch. /sync/watched/shows lists the shows (no seasons: small even for
// hundreds of shows), /users/hidden/progress_watched the ones the user hid,
// then /shows/{id}/progress/watched is asked a few shows at a time, most
// recently watched first, until `limit` shows are found: a person with
// hundreds of watched shows costs a handful of requests, not hundreds.

#include "trakt/up_next_model.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <exception>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// Progress requests in flight at once: hides latency, stays gentle on
// Trakt's per-user rate limit (the same as TraktApi's parallel pages).
constexpr std::size_t batch_size = 4;
constexpr std::int64_t max_limit = 50;

// Failures that say nothing about one show (no login, no network, rate
// limit, cancelled) end the call; a show Trakt cannot answer for (404, an
// unreadable body) is left out and counted.
bool about_one_show(const Failure& f) {
  return f.kind == FailureKind::upstream || f.kind == FailureKind::not_found || f.kind == FailureKind::bad_response;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

json::object item_schema() {
  return json::object{
      {"type", "object"},
      {"required", json::array{"show", "episode", "left"}},
      {"properties",
       json::object{{"show", titled_schema()},
                    {"episode", episode_schema()},
                    {"left", {{"type", "integer"}, {"minimum", 1}, {"description", "aired episodes not yet watched"}}},
                    {"last_watched_at", {{"type", "string"}, {"description", "UTC, ISO 8601"}}},
                    {"last_watched_date", {{"type", "string"}, {"description", "local date, YYYY-MM-DD"}}}}}};
}

// up_next's outputSchema, built at the first tools/list (mcp::LazySchema).
json::object up_next_output_schema() {
  const json::object count{{"type", "integer"}, {"minimum", 0}};
  return {{"type", "object"},
          {"required", json::array{"items", "checked", "watched_shows", "stopped_early"}},
          {"properties",
           json::object{{"items", {{"type", "array"}, {"items", item_schema()}}},
                        {"checked", json::object{{"type", "integer"}, {"minimum", 0},
                                                 {"description", "watched shows whose progress was looked at"}}},
                        {"watched_shows", count},
                        {"hidden", json::object{{"type", "integer"}, {"minimum", 0},
                                                {"description", "watched shows hidden from progress, skipped"}}},
                        {"unreadable", json::object{{"type", "integer"}, {"minimum", 0},
                                                    {"description", "shows Trakt sent no readable progress for"}}},
                        {"stopped_early",
                         {{"type", "boolean"},
                          {"description", "limit shows were found before every watched show was looked at"}}}}}};
}

mcp::Tool up_next_tool(ApiProvider api) {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "get_up_next",
      .title = "Up next",
      .description =
          "The next episode to watch in each show the user is part-way through (watched at least one episode, "
          "aired episodes left, not hidden from progress), most recently watched show first. One line per show: "
          "Show S02E06 - Title (3 left; last watched 2026-11-20). Use it for \"what should I watch next\", "
          "\"which shows am I in the middle of\".",
      .summary = "the next episode of shows in progress",
      .args = {{.name = "limit", .type = Arg::Type::integer, .description = "How many shows (default 10).",
                .minimum = 1, .maximum = max_limit, .default_value = 10}},
      .output_schema = up_next_output_schema,
      .annotations = read_only(),
      .invoke = [api](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        const auto limit = std::size_t(*args.integer("limit"));
        auto client = api();
        if (!client) co_return failure_result(client.error());
        TraktApi* trakt = *client;

        // Paths and queries built beforehand: GCC 12 mishandles temporaries inside co_await.
        std::string watched_path = "/sync/watched/shows";
        Query watched_query{{"extended", "noseasons"}};
        auto raw_watched = co_await trakt->get(std::move(watched_path), std::move(watched_query));
        if (!raw_watched) co_return failure_result(raw_watched.error());
        std::size_t unreadable = 0;
        auto watched = map_items<WatchedShow>(raw_watched->items, unreadable);
        const std::size_t watched_count = raw_watched->items.size();

        // One page of hidden shows: one request, whatever the size of the
        // watched list. Without it the answer is still useful, so a Trakt
        // error there only costs a note.
        std::vector<Show> hidden;
        bool hidden_unknown = false;
        if (!watched.empty()) {
          std::string hidden_path = "/users/hidden/progress_watched";
          Query hidden_query{{"type", "show"}, {"page", "1"}, {"limit", "250"}};
          auto raw_hidden = co_await trakt->get(std::move(hidden_path), std::move(hidden_query));
          if (!raw_hidden && !about_one_show(raw_hidden.error())) co_return failure_result(raw_hidden.error());
          if (raw_hidden) {
            std::size_t ignored = 0;
            for (auto& h : map_items<HiddenItem>(raw_hidden->items, ignored))
              if (h.type == "show" && h.show) hidden.push_back(std::move(*h.show));
          } else {
            hidden_unknown = true;
          }
        }
        const std::size_t before = watched.size();
        auto candidates = up_next_candidates(std::move(watched), hidden);
        const std::size_t hidden_count = before - candidates.size();

        std::vector<UpNextItem> found;
        std::size_t checked = 0;
        auto executor = co_await net::this_coro::executor;
        using ProgressOp = decltype(net::co_spawn(executor, trakt->get_value(std::string(), Query{}), net::deferred));
        while (checked < candidates.size() && found.size() < limit) {
          // The next few shows that Trakt can be asked about by id.
          std::vector<std::size_t> asked;
          std::vector<ProgressOp> ops;
          std::size_t next = checked;
          for (; next < candidates.size() && ops.size() < batch_size; ++next) {
            auto key = show_key(candidates[next].show);
            if (!key) continue;
            asked.push_back(next);
            std::string path = "/shows/" + *key + "/progress/watched";
            ops.push_back(net::co_spawn(executor,
                                        trakt->get_value(std::move(path), Query{{"hidden", "false"},
                                                                                {"specials", "false"}}),
                                        net::deferred));
          }
          std::vector<std::exception_ptr> exceptions;
          std::vector<Result<json::value>> results;
          if (!ops.empty()) {
            auto [order, ex, res] = co_await net::experimental::make_parallel_group(std::move(ops))
                                        .async_wait(net::experimental::wait_for_all(), net::use_awaitable);
            exceptions = std::move(ex);
            results = std::move(res);
          }
          // In list order, so the newest shows win when a batch finds more
          // than the limit needs; shows after the one that filled it count
          // as not checked.
          std::size_t k = 0;
          for (std::size_t i = checked; i < next && found.size() < limit; ++i) {
            checked = i + 1;
            if (k >= asked.size() || asked[k] != i) {  // no id to ask by
              ++unreadable;
              continue;
            }
            if (exceptions[k]) std::rethrow_exception(exceptions[k]);
            auto& r = results[k++];
            if (!r) {
              if (!about_one_show(r.error())) co_return failure_result(r.error());
              ++unreadable;
              continue;
            }
            auto progress = json::try_value_to<UpNextProgress>(*r);
            if (!progress) {
              ++unreadable;
              continue;
            }
            if (auto item = up_next_of(candidates[i], *progress)) found.push_back(std::move(*item));
          }
          ctx.progress(double(checked), double(candidates.size()),
                       "Checked " + std::to_string(checked) + " of " + std::to_string(candidates.size()) + " shows");
        }
        const bool stopped_early = checked < candidates.size();

        std::string text;
        if (watched_count == 0)
          text = "You have not watched any shows on Trakt yet.";
        else if (found.empty())
          text = "No shows in progress: every show you watched is finished or has no aired episodes left" +
                 std::string(hidden_count ? " (shows hidden from progress were not counted)." : ".");
        else
          text = lines_of(found);
        if (stopped_early)
          text += "\n(Checked " + std::to_string(checked) + " of your " + std::to_string(watched_count) +
                  " watched shows, most recently watched first, and stopped at the limit of " + std::to_string(limit) +
                  (std::int64_t(limit) < max_limit ? "; ask for a higher limit, up to 50, for more.)"
                                                   : ", the most one call lists.)");
        if (hidden_unknown)
          text += "\n(Trakt did not say which shows you hid from progress, so hidden shows may be listed.)";
        if (unreadable)
          text += "\n(" + plural(unreadable, "show", "shows") + " from Trakt could not be read and " +
                  (unreadable == 1 ? "was" : "were") + " left out.)";

        json::array items;
        for (const auto& i : found) items.push_back(json::value_from(i));
        json::object structured{{"items", std::move(items)},
                                {"checked", checked},
                                {"watched_shows", watched_count},
                                {"hidden", hidden_count},
                                {"unreadable", unreadable},
                                {"stopped_early", stopped_early}};
        co_return mcp::ToolResult{std::move(text), std::move(structured)};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(up_next_tool)

}  // namespace trakt::tools
