// discover: what is trending, popular or anticipated on Trakt
// (/movies|shows/trending|popular|anticipated), public like search. With a
// login, the titles the user watched (/sync/watched/...) are marked "(seen)".

#include "trakt/app_views.hpp"
#include "trakt/tools/seen.hpp"

namespace trakt::tools {

namespace {

mcp::Tool discover_tool() {
  using Arg = mcp::Arg;
  ListTool<ChartItem> spec{
      .declared = {.name = "discover",
                   .title = "Discover",
                   .description = "What is trending (watched right now), popular or anticipated on Trakt, movies "
                                  "or shows; works without a login. One line per title with its Trakt id, which "
                                  "get_details and the write tools take. Use it for \"what's trending\", \"what's "
                                  "popular\", \"what's coming that people look forward to\".",
                   .summary = "trending, popular and anticipated titles",
                   .args = {{.name = "list", .type = Arg::Type::string, .description = "Which chart.",
                             .choices = {"trending", "popular", "anticipated"}, .required = true},
                            {.name = "type", .type = Arg::Type::string, .description = "movies or shows (default shows).",
                             .choices = {"movies", "shows"}, .default_value = "shows"},
                            {.name = "limit", .type = Arg::Type::integer, .description = "How many titles (default 10).",
                             .minimum = 1, .maximum = 50, .default_value = 10}},
                   .annotations = read_only(),
                   .meta = app_view("discover")},
      .request = [](const mcp::Arguments& a) {
        std::string path = "/";
        path += *a.string("type");
        path += '/';
        path += *a.string("list");
        return ListRequest{std::move(path), {{"page", "1"}, {"limit", std::to_string(*a.integer("limit"))}}, false};
      },
      .read = [](const boost::json::value& v, const mcp::Arguments& a) {
        return ChartItem::read(v, *a.string("type") == "movies" ? "movie" : "show");
      },
      .line = [](const ChartItem& c) { return format_line(c); },
      .empty = [](const mcp::Arguments& a) {
        return "Trakt lists no " + *a.string("list") + " " + *a.string("type") + " right now.";
      },
      .owned = watched_titles,
      .mark = mark_seen};
  return list_tool(std::move(spec));
}

}  // namespace

TRAKT_MCP_TOOL(discover_tool)

}  // namespace trakt::tools
