// get_recommendations: Trakt's personal movie or show recommendations
// (/recommendations/{movies|shows}), leaving out what the user collected.
// Lines are search's, so the ids printed are what get_details takes.

#include "trakt/tools/tool_support.hpp"

#include <boost/json/value_from.hpp>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

struct RecommendationsAnswer {
  std::string type;
  std::int64_t count = 0;
  std::vector<Recommendation> results;
  static constexpr model::Field fields[] = {{.name = "type", .choices = "movies|shows"},
                                            {.name = "count", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(RecommendationsAnswer, (), (type, count, results))

mcp::Tool recommendations_tool() {
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
      .output_schema = output_schema_of<RecommendationsAnswer>(),
      .annotations = read_only(),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        const std::string type = *args.string("type");
        const std::int64_t limit = *args.integer("limit");
        const std::string singular = type == "shows" ? "show" : "movie";
        auto client = api_of(ctx);
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
        for (const auto& r : recs) {
          if (!text.empty()) text += '\n';
          text += format_recommendation(r, singular);
        }
        if (recs.empty())
          text = "Trakt has no " + singular + " recommendations for you right now. Watching and rating more " + type +
                 " gives it something to go on.";
        const std::int64_t count = std::int64_t(recs.size());
        const RecommendationsAnswer answer{type, count, std::move(recs)};
        co_return mcp::ToolResult{text + skipped_note(skipped), structured(answer, answer_storage())};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(recommendations_tool)

}  // namespace trakt::tools
