// get_ratings: the user's ratings, newest first, of one kind or all, and
// optionally only one value ("what did I rate 10?"): /sync/ratings/{type}[/{rating}].

#include "trakt/tools/read_tools.hpp"

namespace trakt::tools {

namespace {

mcp::Tool ratings_tool() {
  using Arg = mcp::Arg;
  ListTool<RatedItem> spec{
      .declared = {.name = "get_ratings",
                   .title = "Your ratings",
                   .description = "The user's ratings (1-10) of movies, shows, seasons and episodes, newest first. "
                                  "Use it for \"what did I rate 10?\", \"my best rated shows\".",
                   .summary = "their ratings",
                   .args = {{.name = "type", .type = Arg::Type::string,                              .choices = {"movies", "shows", "seasons", "episodes", "all"}, .default_value = "all"},
                            {.name = "rating", .type = Arg::Type::integer, .description = "Only this rating.",
                             .minimum = 1, .maximum = 10},
                            {.name = "limit", .type = Arg::Type::integer,                              .minimum = 1, .maximum = 250, .default_value = 50}},
                   .annotations = read_only()},
      .request = [](const mcp::Arguments& a) {
        std::string path = "/sync/ratings/" + *a.string("type");
        if (const auto rating = a.integer("rating")) path += "/" + std::to_string(*rating);
        return ListRequest{std::move(path), {{"page", "1"}, {"limit", std::to_string(*a.integer("limit"))}}};
      },
      .line = [](const RatedItem& r) { return format_line(r); },
      .empty = [](const mcp::Arguments& a) {
        const auto type = *a.string("type");
        std::string text = type == "all" ? "No ratings" : "No " + type + " rated";
        if (const auto rating = a.integer("rating")) {
          text += type == "all" ? " of " : " ";
          text += std::to_string(*rating) + "/10";
        }
        return text + " yet.";
      }};
  return list_tool(std::move(spec));
}

}  // namespace

TRAKT_MCP_TOOL(ratings_tool)

}  // namespace trakt::tools
