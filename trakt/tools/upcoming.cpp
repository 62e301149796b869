// get_upcoming: episodes of the user's shows airing in a window of days
// (/calendars/my/shows/{start}/{days}), and with type movies|all the movies
// released in it (/calendars/my/movies/{start}/{days}).

#include "trakt/model.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <exception>
#include <vector>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// One calendar line with the date it is ordered by (local air date for
// episodes, release date for movies).
struct DatedLine {
  std::string date;
  std::string line;
};

// Both calendars at once; the two results in (shows, movies) order.
net::awaitable<std::vector<Result<Page>>> fetch_both(TraktApi* client, std::string shows_path,
                                                     std::string movies_path) {
  auto executor = co_await net::this_coro::executor;
  using PageOp = decltype(net::co_spawn(executor, client->get(shows_path, {}), net::deferred));
  std::vector<PageOp> ops;
  ops.push_back(net::co_spawn(executor, client->get(shows_path, {}), net::deferred));
  ops.push_back(net::co_spawn(executor, client->get(movies_path, {}), net::deferred));
  auto [order, exceptions, results] = co_await net::experimental::make_parallel_group(std::move(ops))
                                          .async_wait(net::experimental::wait_for_all(), net::use_awaitable);
  for (auto& e : exceptions)
    if (e) std::rethrow_exception(e);
  co_return std::move(results);
}

// One list ordered by date; on the same day episodes (in air order) come
// before movies. Unreadable episode dates go last.
std::string merged_lines(const std::vector<CalendarEntry>& episodes, const std::vector<CalendarMovie>& movies) {
  std::vector<DatedLine> all;
  all.reserve(episodes.size() + movies.size());
  for (const auto& e : episodes) all.push_back({local_date(e.first_aired).value_or("9999-99-99"), format_line(e)});
  for (const auto& m : movies) all.push_back({m.released, format_line(m)});
  std::stable_sort(all.begin(), all.end(), [](const DatedLine& a, const DatedLine& b) { return a.date < b.date; });
  std::string text;
  for (const auto& d : all) {
    if (!text.empty()) text += '\n';
    text += d.line;
  }
  return text;
}

json::object movie_item_schema() {
  return json::object{{"type", "object"},
                      {"required", json::array{"released", "movie"}},
                      {"properties", json::object{{"released", {{"type", "string"}, {"description", "release date"}}},
                                                  {"movie", titled_schema()}}}};
}

// upcoming's outputSchema, built at the first tools/list (mcp::LazySchema).
json::object upcoming_output_schema() {
  return {{"type", "object"},
          {"required", json::array{"start_date", "days", "type", "count", "episodes", "movies"}},
          {"properties",
           json::object{{"start_date", {{"type", "string"}}},
                        {"days", {{"type", "integer"}}},
                        {"type", {{"type", "string"}, {"enum", json::array{"shows", "movies", "all"}}}},
                        {"count", {{"type", "integer"}, {"description", "episodes plus movies"}}},
                        {"episodes",
                         {{"type", "array"},
                          {"description", "empty for type movies"},
                          {"items", {{"type", "object"},
                                     {"required", json::array{"first_aired", "show", "episode"}},
                                     {"properties", json::object{{"first_aired", {{"type", "string"}, {"description", "UTC"}}},
                                                                 {"air_date", {{"type", "string"}, {"description", "local date"}}},
                                                                 {"show", titled_schema()},
                                                                 {"episode", episode_schema()}}}}}}},
                        {"movies",
                         {{"type", "array"},
                          {"description", "empty for type shows"},
                          {"items", movie_item_schema()}}}}}};
}

mcp::Tool upcoming_tool(ApiProvider api) {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "get_upcoming",
      .title = "Upcoming episodes and movies",
      .description =
          "Episodes of the shows the user watches, collects or has on the watchlist that air in a window of days, "
          "and with type movies or all the movies of theirs released in it (the user's Trakt calendars). One line "
          "per item, by date: local air date, show, SxxExx and episode title; or release date, [M], movie title "
          "and year. Use it for \"what's on this week\", \"when is the next episode of X\", \"which of my movies "
          "come out this month\". Defaults: episodes only, today, 7 days; at most 33 days.",
      .summary = "episodes and movies coming soon",
      .args = {{.name = "start_date", .type = Arg::Type::date, .description = "First day, YYYY-MM-DD (default: today)."},
               {.name = "days", .type = Arg::Type::integer, .description = "Number of days, 1 to 33 (default 7).",
                .minimum = 1, .maximum = 33, .default_value = 7},
               {.name = "type", .type = Arg::Type::string,
                .description = "shows: episodes (default); movies: movie releases; all: both in one list.",
                .choices = {"shows", "movies", "all"}, .default_value = "shows"}},
      .output_schema = upcoming_output_schema,
      .annotations = read_only(),
      .invoke = [api](mcp::Arguments args, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
        const std::string start_date = args.string("start_date").value_or(local_today());
        const int n = int(*args.integer("days"));
        const std::string type = args.string("type").value_or("shows");
        const bool want_shows = type != "movies", want_movies = type != "shows";

        auto client = api();
        if (!client) co_return failure_result(client.error());
        const std::string window = "/" + start_date + "/" + std::to_string(n);
        const std::string shows_path = "/calendars/my/shows" + window, movies_path = "/calendars/my/movies" + window;

        // Raw pages, fetched one or both (then concurrently).
        json::array show_items, movie_items;
        if (want_shows && want_movies) {
          auto both = co_await fetch_both(*client, shows_path, movies_path);
          for (auto& r : both)
            if (!r) co_return failure_result(r.error());
          show_items = std::move(both[0]->items);
          movie_items = std::move(both[1]->items);
        } else {
          std::string path = want_shows ? shows_path : movies_path;
          Query no_query;  // named: no braced temporary inside co_await (GCC 12)
          auto page = co_await (*client)->get(path, std::move(no_query));
          if (!page) co_return failure_result(page.error());
          (want_shows ? show_items : movie_items) = std::move(page->items);
        }

        std::size_t skipped = 0;
        auto entries = map_items<CalendarEntry>(show_items, skipped);
        auto movies = map_items<CalendarMovie>(movie_items, skipped);
        json::array episodes_json, movies_json;
        for (const auto& e : entries) episodes_json.push_back(json::value_from(e));
        for (const auto& m : movies) movies_json.push_back(json::value_from(m));

        const std::string span = " from " + start_date + " to " + add_days(start_date, n - 1) + ".";
        std::string text;
        if (!entries.empty() || !movies.empty())
          text = want_movies ? merged_lines(entries, movies) : lines_of(entries);
        else if (type == "shows")
          text = "No episodes of your shows air" + span;  // the v1 sentence
        else if (type == "movies")
          text = "No movies of yours are released" + span;
        else
          text = "No episodes of your shows air and no movies of yours are released" + span;

        co_return mcp::ToolResult{text + skipped_note(skipped),
                                  json::object{{"start_date", start_date},
                                               {"days", n},
                                               {"type", type},
                                               {"count", entries.size() + movies.size()},
                                               {"episodes", std::move(episodes_json)},
                                               {"movies", std::move(movies_json)}}};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(upcoming_tool)

}  // namespace trakt::tools
