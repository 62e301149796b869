// See resources.hpp. The arguments below are the whole definition of each
// resource; the tool does the rest.

#include "trakt/resources.hpp"

#include "trakt/app_views.hpp"
#include "trakt/posters.hpp"

namespace trakt {

namespace json = boost::json;

namespace {

constexpr const char* both_types = " Read as text/plain (the tool's text) and application/json (its structured content).";

std::function<json::object(const mcp::UriVariables&)> fixed(json::object arguments) {
  return [arguments = std::move(arguments)](const mcp::UriVariables&) { return arguments; };
}

std::function<json::object(const mcp::UriVariables&)> details_of(std::string type) {
  return [type = std::move(type)](const mcp::UriVariables& v) {
    const auto id = v.find("id");
    return json::object{{"type", type}, {"id", id == v.end() ? std::string() : id->second}};
  };
}

}  // namespace

void register_resources(mcp::ResourceRegistry& registry, const mcp::ToolRegistry& tools) {
  struct Fixed {
    const char* uri;
    const char* name;
    const char* title;
    const char* description;
    const char* tool;
    json::object arguments;
  };
  const Fixed fixed_resources[] = {
      {"trakt://up-next", "up-next", "Up next",
       "The next episode to watch of each show the user is part-way through (get_up_next).", "get_up_next", {}},
      {"trakt://calendar/week", "calendar-week", "The week ahead",
       "Episodes and movies on the user's calendar for the 7 days from today (get_upcoming days=7 type=all).",
       "get_upcoming", json::object{{"days", 7}, {"type", "all"}}},
      {"trakt://watchlist", "watchlist", "Watchlist", "Everything on the user's watchlist, by rank (get_watchlist).",
       "get_watchlist", {}},
      {"trakt://history/recent", "history-recent", "Recently watched",
       "The user's 20 most recent plays, movies and episodes (get_history).", "get_history", {}},
      {"trakt://continue-watching", "continue-watching", "Continue watching",
       "Movies and episodes the user paused part-way, most recent first (get_playback).", "get_playback", {}},
      {"trakt://lists", "lists", "Personal lists", "The user's own lists, with the id each is named by (get_lists).",
       "get_lists", {}},
  };
  for (const auto& r : fixed_resources) {
    if (!tools.find(r.tool)) continue;
    registry.add(mcp::Resource{r.uri, r.name, r.title, std::string(r.description) + both_types, "text/plain",
                               mcp::read_through_tool(tools, r.tool, fixed(r.arguments))});
  }

  for (const char* type : {"movie", "show"}) {
    if (!tools.find("get_details")) break;
    const std::string t(type);
    registry.add(mcp::ResourceTemplate{
        "trakt://" + t + "/{id}", t, t == "movie" ? "Movie details" : "Show details",
        "One " + t + " in detail with the user's own state (get_details type=" + t +
            "); id is a Trakt id, slug or IMDb id." + both_types,
        "text/plain", mcp::read_through_tool(tools, "get_details", details_of(t))});
  }
  if (tools.find("get_lists"))
    registry.add(mcp::ResourceTemplate{
        "trakt://list/{list}", "list", "List items",
        std::string("The items of one of the user's lists, in its order (get_lists list={list}); list is its Trakt "
                    "id or slug.") + both_types,
        "text/plain", mcp::read_through_tool(tools, "get_lists", [](const mcp::UriVariables& v) {
          const auto list = v.find("list");
          return json::object{{"list", list == v.end() ? std::string() : list->second}};
        })});
  register_app_views(registry, tools);
  register_posters(registry, tools);
}

}  // namespace trakt
