// get_related: "something like X", /movies|shows/{id}/related (public, like
// search); with a login the titles the user watched are marked "(seen)".

#include "trakt/tools/seen.hpp"

namespace trakt::tools {

namespace {

mcp::Tool related_tool() {
  using Arg = mcp::Arg;
  ListTool<ChartItem> spec{
      .declared = {.name = "get_related",
                   .title = "Related titles",
                   .description = "Movies or shows like a given one, with their Trakt ids; works without a login. "
                                  "Use it for \"anything like X?\", \"more like this\".",
                   .summary = "titles like a given one",
                   .args = {{.name = "type", .type = Arg::Type::string, .choices = {"movie", "show"},
                             .required = true},
                            {.name = "id", .type = Arg::Type::identifier,
                             .description = "Trakt id, slug or IMDb id (search finds them).", .required = true,
                             .schema = {{"minLength", 1}}},
                            {.name = "limit", .type = Arg::Type::integer,
                             .minimum = 1, .maximum = 50, .default_value = 10}},
                   .annotations = read_only()},
      .request = [](const mcp::Arguments& a) {
        std::string path = "/";  // += : GCC 12 warns wrongly on a chain of + here
        path += *a.string("type");
        path += "s/";
        path += *path_id(*a.string("id"));
        path += "/related";
        return ListRequest{std::move(path), {{"page", "1"}, {"limit", std::to_string(*a.integer("limit"))}}, false};
      },
      .read = [](const boost::json::value& v, const mcp::Arguments& a) { return ChartItem::read(v, *a.string("type")); },
      .line = [](const ChartItem& c) { return format_line(c); },
      .empty = [](const mcp::Arguments& a) {
        std::string text = "Trakt lists no titles related to this ";
        text += *a.string("type");
        return text + ".";
      },
      .refuse = [](const mcp::Arguments& a) -> std::optional<std::string> {
        if (path_id(*a.string("id"))) return std::nullopt;
        return not_an_id(*a.string("id"));
      },
      .not_found = [](const mcp::Arguments& a) { return no_such(*a.string("type"), *path_id(*a.string("id"))); },
      .owned = watched_titles,
      .mark = mark_seen};
  return list_tool(std::move(spec));
}

}  // namespace

TRAKT_MCP_TOOL(related_tool)

}  // namespace trakt::tools
