// hide_show and unhide_show: keep a show out of up next
// (/users/hidden/progress_watched) and the calendar (/users/hidden/calendar),
// or bring it back ({"shows": [...]} to the section, or to .../remove). The
// show is looked up first (/shows/{id}, cached public data): that names it in
// the answer, and an id Trakt does not know, or a movie's, is said so before
// anything is written.

#include "trakt/sync_items.hpp"
#include "trakt/text.hpp"
#include "trakt/tools/tool_support.hpp"

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;
using verb = boost::beast::http::verb;

namespace {

struct HiddenSection {
  std::string where;  // up_next | calendar
  bool changed = false;
  static constexpr model::Field fields[] = {
      {.name = "where", .choices = "up_next|calendar"},
      {.name = "changed", .description = "false: it already was (hidden, or shown) there"}};
};
BOOST_DESCRIBE_STRUCT(HiddenSection, (), (where, changed))

struct HiddenAnswer {
  Show show;
  std::vector<HiddenSection> sections;
};
BOOST_DESCRIBE_STRUCT(HiddenAnswer, (), (show, sections))

// "up next and the calendar".
std::string places(const std::vector<HiddenSection>& sections, bool changed) {
  std::string out;
  for (const auto& s : sections) {
    if (s.changed != changed) continue;
    if (!out.empty()) out += " and ";
    out += s.where == "up_next" ? "up next" : "the calendar";
  }
  return out;
}

std::string answer_text(const HiddenAnswer& a, bool hide) {
  std::string name = text::one_line(a.show.title) + text::year_suffix(a.show.year);
  std::string text;
  if (auto now = places(a.sections, true); !now.empty()) {
    text += name;
    text += hide ? " is now hidden from " : " shows in ";
    text += now;
    text += hide ? "." : " again.";
  }
  if (auto before = places(a.sections, false); !before.empty()) {
    if (!text.empty()) text += '\n';
    text += name;
    text += hide ? " was already hidden from " : " was not hidden from ";
    text += before;
    text += '.';
  }
  return text;
}

net::awaitable<mcp::ToolResult> change_hidden(bool hide, mcp::Arguments args, mcp::CallContext ctx) {
  const auto given = path_id(*args.string("show"));
  if (!given)
    co_return mcp::ToolResult::error("show must be a show's Trakt id, slug or IMDb id (e.g. 1390, the-office, "
                                     "tt0386676); search finds them.");
  auto client = api_of(ctx);
  if (!client) co_return failure_result(client.error());
  const std::string& id = *given;
  std::string path = "/shows/";
  path += id;
  Query no_query;
  auto summary = co_await (*client)->get_value(path, no_query);
  if (!summary) {
    if (summary.error().kind != FailureKind::not_found) co_return failure_result(summary.error());
    std::string text = "Trakt has no show with the id \"";
    text += id;
    text += "\" (a movie's or an episode's id does not work here). Use search to find the show's ids.";
    co_return mcp::ToolResult::error(std::move(text));
  }
  auto show = json::try_value_to<Show>(*summary);
  if (!show || !show->ids.trakt) {
    (*client)->distrust(path, no_query);
    co_return mcp::ToolResult::error("Trakt sent a show summary that could not be read. Try again later.");
  }
  const std::string where = *args.string("where");
  HiddenAnswer answer{*show, {}};
  for (const char* section : {"up_next", "calendar"}) {
    if (where != "all" && where != section) continue;
    std::string write_path = section == std::string_view("up_next") ? "/users/hidden/progress_watched"
                                                                    : "/users/hidden/calendar";
    if (!hide) write_path += "/remove";
    json::value body = json::object{{"shows", json::array{json::object{{"ids", {{"trakt", *show->ids.trakt}}}}}}};
    auto r = co_await (*client)->write(verb::post, std::move(write_path), std::move(body), true);
    if (!r) {
      auto failed = failure_result(r.error());
      if (!answer.sections.empty()) failed.text += " Up next was changed already; calling again is safe.";
      co_return failed;
    }
    if (const auto* missing = r->is_object() ? r->get_object().if_contains("not_found") : nullptr)
      if (const auto* shows = missing->is_object() ? missing->get_object().if_contains("shows") : nullptr;
          shows && shows->is_array() && !shows->get_array().empty()) {
        std::string text = "Trakt did not find the show with the Trakt id ";
        text += std::to_string(*show->ids.trakt);
        text += " when asked to change it. Try again later.";
        co_return mcp::ToolResult::error(std::move(text));
      }
    answer.sections.push_back({section, sync::counts(*r, hide ? "added" : "deleted").shows > 0});
  }
  std::string text = answer_text(answer, hide);
  co_return mcp::ToolResult{std::move(text), structured(answer, answer_storage())};
}

mcp::Tool hidden_tool(bool hide) {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = hide ? "hide_show" : "unhide_show",
      .title = hide ? "Hide a show" : "Unhide a show",
      .description = hide ? "Hides a show from up next and/or the calendar (get_upcoming); unhide_show undoes "
                            "it. Use it for \"stop showing me The Office\"."
                          : "Brings a show hidden with hide_show back into up next and/or the calendar.",
      .summary = hide ? "hiding a show" : "unhiding a show",
      .args = {{.name = "show", .type = Arg::Type::identifier,
                .description = "Trakt id, slug or IMDb id.", .required = true},
               {.name = "where", .type = Arg::Type::string, .choices = {"up_next", "calendar", "all"},
                .default_value = "all"}},
      .output_schema = output_schema_of<HiddenAnswer>(),
      .annotations = writes(false, true),
      .invoke = [hide](mcp::Arguments args, mcp::CallContext ctx) {
        return change_hidden(hide, std::move(args), std::move(ctx));
      }};
}

mcp::Tool hide_show() { return hidden_tool(true); }
mcp::Tool unhide_show() { return hidden_tool(false); }

}  // namespace

TRAKT_MCP_TOOL(hide_show)
TRAKT_MCP_TOOL(unhide_show)

}  // namespace trakt::tools
