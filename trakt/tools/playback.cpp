// get_playback: "continue watching", the movies and episodes the user paused
// part-way (/sync/playback[/movies|episodes]), most recently paused first.

#include "trakt/tools/read_tools.hpp"

namespace trakt::tools {

namespace {

mcp::Tool playback_tool() {
  using Arg = mcp::Arg;
  ListTool<PlaybackItem> spec{
      .declared = {.name = "get_playback",
                   .title = "Continue watching",
                   .description = "Movies and episodes the user paused part-way, with how far they got and the "
                                  "playback id remove_playback takes. Use it for \"what was I in the middle of?\", "
                                  "\"continue watching\".",
                   .summary = "what they paused part-way",
                   .args = {{.name = "type", .type = Arg::Type::string,                              .choices = {"movies", "episodes", "all"}, .default_value = "all"},
                            {.name = "limit", .type = Arg::Type::integer,                              .minimum = 1, .maximum = 100, .default_value = 20}},
                   .annotations = read_only()},
      .request = [](const mcp::Arguments& a) {
        std::string path = "/sync/playback";
        if (const auto type = *a.string("type"); type != "all") path += "/" + type;
        return ListRequest{std::move(path), {{"page", "1"}, {"limit", std::to_string(*a.integer("limit"))}}};
      },
      .line = [](const PlaybackItem& p) { return format_line(p); },
      .empty = [](const mcp::Arguments& a) {
        std::string text = "Nothing paused part-way";
        if (const auto type = *a.string("type"); type != "all") text += " among " + type;
        return text + " (Trakt keeps paused items for six months).";
      }};
  return list_tool(std::move(spec));
}

}  // namespace

TRAKT_MCP_TOOL(playback_tool)

}  // namespace trakt::tools
