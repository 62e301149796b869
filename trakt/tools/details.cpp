// get_details: one movie or show in detail (/movies/{id} or /shows/{id} with
// extended=full) and the user's own state for it: plays (movies) or progress
// (shows), watchlist membership and their rating. The summary comes first,
// since the other requests need its Trakt id; those then run at once.

#include "trakt/app_views.hpp"
#include "trakt/user_state.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <tuple>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// Enough pages for any real watchlist (40 at 250), without crawling forever
// on a broken pagination header.
constexpr std::size_t watchlist_max = 10'000;

// A 404 from the summary: Trakt does not know the id.
bool not_found(const Failure& f) {
  return f.kind == FailureKind::not_found;
}

// The per-type request (history page or progress) together with the
// watchlist and the ratings, all three at once.
template <class First>
net::awaitable<std::tuple<Result<First>, Result<json::array>, Result<Page>>> all_three(
    net::awaitable<Result<First>> first, net::awaitable<Result<json::array>> watchlist,
    net::awaitable<Result<Page>> ratings) {
  auto executor = co_await net::this_coro::executor;
  auto group = net::experimental::make_parallel_group(net::co_spawn(executor, std::move(first), net::deferred),
                                                      net::co_spawn(executor, std::move(watchlist), net::deferred),
                                                      net::co_spawn(executor, std::move(ratings), net::deferred));
  // No structured bindings: GCC 12 cannot keep them in a coroutine frame.
  auto done = co_await std::move(group).async_wait(net::experimental::wait_for_all(), net::use_awaitable);
  if (std::get<1>(done)) std::rethrow_exception(std::get<1>(done));
  if (std::get<3>(done)) std::rethrow_exception(std::get<3>(done));
  if (std::get<5>(done)) std::rethrow_exception(std::get<5>(done));
  co_return std::make_tuple(std::move(std::get<2>(done)), std::move(std::get<4>(done)), std::move(std::get<6>(done)));
}

// The user's state for the title of `type` with this Trakt id.
net::awaitable<Result<UserState>> user_state(TraktApi* client, std::string type, std::int64_t trakt_id) {
  const std::string plural = type + "s";
  const std::string id = std::to_string(trakt_id);
  std::string watchlist_path = "/sync/watchlist/" + plural;
  std::string ratings_path = "/sync/ratings/" + plural;
  // The requests are made before any co_await: GCC 12 mishandles braced
  // temporaries inside one.
  auto watchlist_op = client->get_paged(std::move(watchlist_path), Query{}, watchlist_max, 250, PageProgress{});
  auto ratings_op = client->get(std::move(ratings_path), Query{});
  UserState state;
  Result<json::array> watchlist = json::array{};
  Result<Page> ratings = Page{};
  if (type == "movie") {
    // limit=1: the page count is the number of plays, the item the newest one;
    // cheaper than the whole /sync/watched/movies list.
    std::string history_path = "/sync/history/movies/" + id;
    Query one{{"page", "1"}, {"limit", "1"}};
    auto history_op = client->get(std::move(history_path), std::move(one));
    auto fetched = co_await all_three<Page>(std::move(history_op), std::move(watchlist_op), std::move(ratings_op));
    auto& history = std::get<0>(fetched);
    if (!history) co_return history.error();
    state.watched = movie_plays(history->items, history->page_count);
    watchlist = std::move(std::get<1>(fetched));
    ratings = std::move(std::get<2>(fetched));
  } else {
    std::string progress_path = "/shows/" + id + "/progress/watched";
    auto progress_op = client->get_value(std::move(progress_path), Query{});
    auto fetched =
        co_await all_three<json::value>(std::move(progress_op), std::move(watchlist_op), std::move(ratings_op));
    auto& progress = std::get<0>(fetched);
    if (!progress && not_found(progress.error())) {
      // Trakt answers an unwatched show with zero progress, but a 404 there
      // (the show exists: its summary just came) means the same.
      state.progress = ShowProgress{};
    } else {
      if (!progress) co_return progress.error();
      auto p = json::try_value_to<ShowProgress>(*progress);
      if (!p) {
        client->distrust("/shows/" + id + "/progress/watched", {});  // asked again next time
        co_return Failure{FailureKind::bad_response,
                          "Trakt sent watched progress that could not be read. Try again later."};
      }
      state.progress = std::move(*p);
    }
    watchlist = std::move(std::get<1>(fetched));
    ratings = std::move(std::get<2>(fetched));
  }
  if (!watchlist) co_return watchlist.error();
  if (!ratings) co_return ratings.error();
  state.on_watchlist = on_watchlist(*watchlist, type, trakt_id);
  if (auto r = find_rating(ratings->items, type, trakt_id)) {
    state.rating = r->rating;
    state.rated_at = r->rated_at;
  }
  co_return state;
}

mcp::Tool details_tool() {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "get_details",
      .title = "Movie or show details",
      .description =
          "One movie or show in detail: title, year, runtime, genres, Trakt rating, status, overview, for shows "
          "the network, air time and aired episodes; and the user's own state: how often they watched a movie or "
          "how far they are in a show (and the next episode), whether it is on their watchlist, and their rating. "
          "The id is a Trakt id, slug or IMDb id, as search prints them. Use it for \"tell me about X\", \"have I "
          "seen X\", \"where am I in X\".",
      .summary = "one title in detail with the user's own state",
      .args = {{.name = "type", .type = Arg::Type::string, .description = "movie or show.",
                .choices = {"movie", "show"}, .required = true},
               {.name = "id", .type = Arg::Type::identifier,
                .description = "Trakt id (\"1234\"), slug (\"heat-1995\") or IMDb id (\"tt0113277\"); search finds them.",
                .required = true, .schema = {{"minLength", 1}}}},
      .output_schema = output_schema_of<TitleWithState>(),
      .annotations = read_only(),
      .meta = app_view("details"),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        const std::string type = *args.string("type");
        const std::string id = path_id(*args.string("id")).value_or("");
        if (id.empty())
          co_return mcp::ToolResult::error("id " + quoted(*args.string("id")) +
                                           " is not a Trakt id, slug or IMDb id (e.g. 1234, heat-1995, tt0113277). "
                                           "Use search to find the title and its ids.");
        auto client = api_of(ctx);
        if (!client) co_return failure_result(client.error());

        // Built beforehand: GCC 12 mishandles temporaries inside co_await.
        std::string path = "/" + type + "s/" + id;
        Query full{{"extended", "full"}};
        auto summary = co_await (*client)->get_value(path, full);
        if (!summary) {
          if (not_found(summary.error()))
            co_return mcp::ToolResult::error("Trakt has no " + type + " with the id " + quoted(id) +
                                             ". Check the id and the type, or use search to find the title and "
                                             "its ids.");
          co_return failure_result(summary.error());
        }
        auto details = json::try_value_to<TitleDetails>(*summary);
        if (!details || !details->ids.trakt) {
          (*client)->distrust(path, full);  // asked again next time, not served from memory
          co_return mcp::ToolResult::error("Trakt sent a " + type + " summary for " + quoted(id) +
                                           " that could not be read. Try again later.");
        }
        details->type = type;

        auto state = co_await user_state(*client, type, *details->ids.trakt);
        if (!state) co_return failure_result(state.error());

        std::string text = format_details(*details, *state);
        const TitleWithState answer{std::move(*details), std::move(*state)};
        co_return mcp::ToolResult{std::move(text), structured(answer, answer_storage())};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(details_tool)

}  // namespace trakt::tools
