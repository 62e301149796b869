// get_recommendations: Trakt's personal movie or show recommendations
// (/recommendations/{movies|shows}), leaving out what the user collected.
// Lines are search's, so the ids printed are what get_details takes.

#include "trakt/details_model.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/json/value_from.hpp>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

json::object result_schema() {
  json::object favorite{{"type", "object"},
                        {"required", json::array{"username"}},
                        {"properties", json::object{{"username", {{"type", "string"}}},
                                                    {"name", {{"type", "string"}}},
                                                    {"notes", {{"type", "string"}}}}}};
  return json::object{
      {"type", "object"},
      {"required", json::array{"title", "ids", "favorited_by"}},
      {"properties",
       json::object{{"title", {{"type", "string"}}},
                    {"year", {{"type", "integer"}}},
                    {"ids", ids_schema()},
                    {"favorited_by",
                     {{"type", "array"},
                      {"description", "users who favorited it, with their notes"},
                      {"items", std::move(favorite)}}}}}};
}

// recommendations's outputSchema, built at the first tools/list (mcp::LazySchema).
json::object recommendations_output_schema() {
  return {{"type", "object"},
          {"required", json::array{"type", "count", "results"}},
          {"properties",
           json::object{{"type", {{"type", "string"}, {"enum", json::array{"movies", "shows"}}}},
                        {"count", {{"type", "integer"}, {"minimum", 0}}},
                        {"results", {{"type", "array"}, {"items", result_schema()}}}}}};
}

mcp::Tool recommendations_tool(ApiProvider api) {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "get_recommendations",
      .title = "Recommendations",
      .description =
          "Movies or shows Trakt recommends to the user from what they watched and rated, leaving out what they "
          "collected. One line per title, best first: [M] movie (year) or [TV] show (year), with the Trakt id "
          "and the IMDb id (movies) or slug (shows), which get_details and the write tools take. Use it for "
          "\"what should I watch\", \"recommend me a show\".",
      .summary = "titles Trakt recommends",
      .args = {{.name = "type", .type = Arg::Type::string, .description = "movies or shows (default movies).",
                .choices = {"movies", "shows"}, .default_value = "movies"},
               {.name = "limit", .type = Arg::Type::integer, .description = "How many titles (default 10).",
                .minimum = 1, .maximum = 50, .default_value = 10}},
      .output_schema = recommendations_output_schema,
      .annotations = read_only(),
      .invoke = [api](mcp::Arguments args, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
        const std::string type = *args.string("type");
        const std::int64_t limit = *args.integer("limit");
        const std::string singular = type == "shows" ? "show" : "movie";
        auto client = api();
        if (!client) co_return failure_result(client.error());
        // Built beforehand: GCC 12 mishandles temporaries inside co_await.
        std::string path = "/recommendations/" + type;
        Query params{{"limit", std::to_string(limit)}, {"ignore_collected", "true"}};
        auto page = co_await (*client)->get(std::move(path), std::move(params));
        if (!page) co_return failure_result(page.error());

        std::size_t skipped = 0;
        auto recs = map_items<Recommendation>(page->items, skipped);
        if (recs.size() > std::size_t(limit)) recs.resize(std::size_t(limit));
        std::string text;
        json::array out;
        for (const auto& r : recs) {
          if (!text.empty()) text += '\n';
          text += format_recommendation(r, singular);
          out.push_back(json::value_from(r));
        }
        if (recs.empty())
          text = "Trakt has no " + singular + " recommendations for you right now. Watching and rating more " + type +
                 " gives it something to go on.";
        json::object structured{{"type", type}, {"count", recs.size()}, {"results", std::move(out)}};
        co_return mcp::ToolResult{text + skipped_note(skipped), std::move(structured)};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(recommendations_tool)

}  // namespace trakt::tools
