// search: movies, shows and people on Trakt by text (/search/{type}). Needs
// only the client id, no login; the ids it prints are what get_details and
// the write tools take.

#include "trakt/search_model.hpp"
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

// The query on one line, for quoting it back.
std::string one_line(std::string s) {
  for (auto& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return s;
}

json::object result_schema() {
  json::object person{{"type", "object"},
                      {"required", json::array{"name", "ids"}},
                      {"properties", json::object{{"name", {{"type", "string"}}}, {"ids", ids_schema()}}}};
  return json::object{
      {"type", "object"},
      {"required", json::array{"type"}},
      {"properties", json::object{{"type", {{"type", "string"}, {"enum", json::array{"movie", "show", "person"}}}},
                                  {"score", {{"type", "number"}, {"description", "relevance; higher is better"}}},
                                  {"movie", titled_schema()},
                                  {"show", titled_schema()},
                                  {"person", std::move(person)}}}};
}

// search's outputSchema, built at the first tools/list (mcp::LazySchema).
json::object search_output_schema() {
  return {{"type", "object"},
          {"required", json::array{"query", "type", "count", "results"}},
          {"properties",
           json::object{{"query", {{"type", "string"}}},
                        {"type", {{"type", "string"}, {"description", "the Trakt types searched, e.g. movie,show"}}},
                        {"year", {{"type", "integer"}}},
                        {"count", {{"type", "integer"}, {"minimum", 0}}},
                        {"results", {{"type", "array"}, {"items", result_schema()}}}}}};
}

mcp::Tool search_tool(ApiProvider api) {
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
      .output_schema = search_output_schema,
      .annotations = read_only(),
      .invoke = [api](mcp::Arguments args, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
        const std::string query = *args.string("query");
        const std::string types = trakt_types(args.string("type"));
        const auto year = args.integer("year");
        const std::int64_t limit = *args.integer("limit");
        if (blank(query)) co_return mcp::ToolResult::error("query must not be empty: give words of a title or name.");

        auto client = api();
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
        json::array out;
        for (const auto& r : results) out.push_back(json::value_from(r));
        std::string text;
        if (results.empty())
          text = "Nothing on Trakt matched \"" + one_line(query) + "\" among " + kinds_of(types) +
                 (year ? " from " + std::to_string(*year) : std::string()) + ".";
        else
          text = lines_of(results);
        json::object structured{{"query", query}, {"type", types}};
        if (year) structured["year"] = *year;
        structured["count"] = results.size();
        structured["results"] = std::move(out);
        co_return mcp::ToolResult{text + skipped_note(skipped), std::move(structured)};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(search_tool)

}  // namespace trakt::tools
