// get_upcoming: episodes of the user's shows airing in a window of days
// (/calendars/my/shows/{start}/{days}), and with type movies|all the movies
// released in it (/calendars/my/movies/{start}/{days}).

#include "trakt/text.hpp"
#include "trakt/app_views.hpp"
#include "trakt/tools/tool_support.hpp"

#include <algorithm>
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

// One list ordered by date; on the same day episodes (in air order) come
// before movies. Unreadable episode dates go last.
std::string merged_lines(const std::vector<CalendarEntry>& episodes, const std::vector<CalendarMovie>& movies) {
  std::vector<DatedLine> all;
  all.reserve(episodes.size() + movies.size());
  for (const auto& e : episodes) all.push_back({text::local_date(e.first_aired).value_or("9999-99-99"), format_line(e)});
  for (const auto& m : movies) all.push_back({m.released, format_line(m)});
  std::stable_sort(all.begin(), all.end(), [](const DatedLine& a, const DatedLine& b) { return a.date < b.date; });
  std::string text;
  for (const auto& d : all) {
    if (!text.empty()) text += '\n';
    text += d.line;
  }
  return text;
}

struct UpcomingAnswer {
  std::string start_date;
  std::int64_t days = 0;
  std::string type;
  std::int64_t count = 0;
  std::vector<CalendarEntry> episodes;
  std::vector<CalendarMovie> movies;
  static constexpr model::Field fields[] = {{.name = "type", .choices = "shows|movies|all"},
                                            {.name = "count", .description = "episodes plus movies"},
                                            {.name = "episodes", .description = "empty for type movies"},
                                            {.name = "movies", .description = "empty for type shows"}};
};
BOOST_DESCRIBE_STRUCT(UpcomingAnswer, (), (start_date, days, type, count, episodes, movies))

mcp::Tool upcoming_tool() {
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
      .output_schema = output_schema_of<UpcomingAnswer>(),
      .annotations = read_only(),
      .meta = app_view("upcoming"),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        const std::string start_date = args.string("start_date").value_or(text::local_today());
        const int n = int(*args.integer("days"));
        const std::string type = args.string("type").value_or("shows");
        const bool want_shows = type != "movies", want_movies = type != "shows";

        auto client = api_of(ctx);
        if (!client) co_return failure_result(client.error());
        const std::string window = "/" + start_date + "/" + std::to_string(n);
        const std::string shows_path = "/calendars/my/shows" + window, movies_path = "/calendars/my/movies" + window;

        // Raw pages, fetched one or both (then concurrently).
        json::array show_items, movie_items;
        if (want_shows && want_movies) {
          std::vector<net::awaitable<Result<Page>>> fetches;
          fetches.push_back((*client)->get(shows_path, {}));
          fetches.push_back((*client)->get(movies_path, {}));
          auto both = co_await concurrently(std::move(fetches));
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
        const std::string span = " from " + start_date + " to " + text::add_days(start_date, n - 1) + ".";
        std::string text;
        if (!entries.empty() || !movies.empty())
          text = want_movies ? merged_lines(entries, movies) : lines_of(entries);
        else if (type == "shows")
          text = "No episodes of your shows air" + span;  // the v1 sentence
        else if (type == "movies")
          text = "No movies of yours are released" + span;
        else
          text = "No episodes of your shows air and no movies of yours are released" + span;

        const std::int64_t count = std::int64_t(entries.size() + movies.size());
        const UpcomingAnswer answer{start_date, n, type, count, std::move(entries), std::move(movies)};
        co_return mcp::ToolResult{text + skipped_note(skipped), structured(answer, answer_storage())};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(upcoming_tool)

}  // namespace trakt::tools
