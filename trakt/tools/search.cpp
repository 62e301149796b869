// search: movies, shows and people on Trakt by text (/search/{type}). Needs
// only the client id, no login; the ids it prints are what get_details and
// the write tools take.

#include "trakt/text.hpp"
#include "trakt/app_views.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/json/value_from.hpp>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// The Trakt type list for a `type` argument (absent: movies and shows).
std::string trakt_types(const std::optional<std::string>& type) {
  if (!type) return "movie,show";
  if (*type == "all") return "movie,show,person";
  return *type;
}

// "movies and shows", for the sentence that says nothing matched.
std::string kinds_of(const std::string& types) {
  if (types == "movie") return "movies";
  if (types == "show") return "shows";
  if (types == "person") return "people";
  if (types == "movie,show") return "movies and shows";
  return "movies, shows and people";
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

struct SearchAnswer {
  std::string query;
  std::string type;
  std::optional<int> year;
  std::int64_t count = 0;
  std::vector<SearchResult> results;
  static constexpr model::Field fields[] = {
      {.name = "type", .description = "the Trakt types searched, e.g. movie,show"}, {.name = "count", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(SearchAnswer, (), (query, type, year, count, results))

mcp::Tool search_tool() {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "search",
      .title = "Search Trakt",
      .description =
          "Finds movies, shows or people on Trakt by title or name. One line per hit, most relevant first: "
          "[M] movie (year), [TV] show (year) or [P] person, with the Trakt id and the IMDb id (movies) or slug "
          "(shows, people), which get_details and the write tools take. Needs no login. Use it to find the exact "
          "title and its ids before asking about it or changing the user's lists.",
      .summary = "finding a title or person (no login needed)",
      .args = {{.name = "query", .type = Arg::Type::string, .description = "Words of the title or name.",
                .required = true, .schema = {{"minLength", 1}}},
               {.name = "type", .type = Arg::Type::string,
                .description = "What to look for: movie, show, person or all (default: movies and shows).",
                .choices = {"movie", "show", "person", "all"}},
               {.name = "year", .type = Arg::Type::integer, .description = "Only titles released that year.",
                .minimum = 1800, .maximum = 2200},
               {.name = "limit", .type = Arg::Type::integer, .description = "How many results (default 10).",
                .minimum = 1, .maximum = 50, .default_value = 10}},
      .output_schema = output_schema_of<SearchAnswer>(),
      .annotations = read_only(),
      .meta = app_view("search"),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        const std::string query = *args.string("query");
        const std::string types = trakt_types(args.string("type"));
        const auto year = args.integer("year");
        const std::int64_t limit = *args.integer("limit");
        if (blank(query)) co_return mcp::ToolResult::error("query must not be empty: give words of a title or name.");

        auto client = api_of(ctx);
        if (!client) co_return failure_result(client.error());
        Query params{{"query", query}};
        if (year) params.emplace_back("years", std::to_string(*year));
        params.emplace_back("page", "1");
        params.emplace_back("limit", std::to_string(limit));
        // Built beforehand: GCC 12 mishandles temporaries inside co_await.
        std::string path = "/search/" + types;
        auto page = co_await (*client)->get_public(std::move(path), std::move(params));
        if (!page) co_return failure_result(page.error());

        std::size_t skipped = 0;
        auto results = map_items<SearchResult>(page->items, skipped);
        if (results.size() > std::size_t(limit)) results.resize(std::size_t(limit));
        std::string text;
        if (results.empty())
          text = "Nothing on Trakt matched \"" + text::one_line(query) + "\" among " + kinds_of(types) +
                 (year ? " from " + std::to_string(*year) : std::string()) + ".";
        else
          text = lines_of(results);
        const std::int64_t count = std::int64_t(results.size());
        const SearchAnswer answer{query, types, year ? std::optional<int>(int(*year)) : std::nullopt, count,
                                  std::move(results)};
        co_return mcp::ToolResult{text + skipped_note(skipped), structured(answer, answer_storage())};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(search_tool)

}  // namespace trakt::tools
