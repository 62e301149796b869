// See tool_support.hpp.

#include "trakt/tools/tool_support.hpp"

#include "support/time.hpp"
#include "trakt/text.hpp"

#include <boost/json/monotonic_resource.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace trakt {

namespace json = boost::json;
namespace net = boost::asio;

namespace tools {

namespace {
// A function-local static: tool files register during static initialization,
// in an order the linker chooses.
std::vector<Factory>& factories() {
  static std::vector<Factory> list;
  return list;
}

// "10 minutes", "30 seconds", "250 milliseconds": how long a question waited.
std::string waited(std::chrono::milliseconds ms) {
  using std::chrono::milliseconds;
  using std::chrono::minutes;
  using std::chrono::seconds;
  if (ms >= minutes(1) && ms % minutes(1) == milliseconds(0))
    return text::plural(std::chrono::duration_cast<minutes>(ms).count(), "minute");
  if (ms >= seconds(1) && ms % seconds(1) == milliseconds(0))
    return text::plural(std::chrono::duration_cast<seconds>(ms).count(), "second");
  return text::plural(ms.count(), "millisecond");
}
}  // namespace

bool add_factory(Factory factory) {
  factories().push_back(factory);
  return true;
}

Result<TraktApi*> api_of(const mcp::CallContext& ctx) {
  const auto* provider = std::any_cast<ApiProvider>(&ctx.scope);
  if (!provider || !*provider)
    return Failure{FailureKind::config, "This server has no Trakt account to act on for this call."};
  auto client = (*provider)();
  // Each call is a new question for the cache (one last_activities check).
  if (client) (*client)->begin_question();
  return client;
}

json::storage_ptr answer_storage() { return json::make_shared_resource<json::monotonic_resource>(); }

mcp::Annotations read_only() {
  return {.read_only = true, .destructive = false, .idempotent = true, .open_world = true};
}

mcp::Annotations writes(bool destructive, bool idempotent) {
  return {.read_only = false, .destructive = destructive, .idempotent = idempotent, .open_world = true};
}

mcp::Arg confirm_arg() {
  return {.name = "confirm", .type = mcp::Arg::Type::boolean,
          .description = "true once the user agreed: needed to change more than " + std::to_string(bulk_limit) +
                         " items at once when the client cannot ask them itself."};
}

net::awaitable<std::optional<mcp::ToolResult>> consent(mcp::CallContext ctx, std::size_t count, std::string doing,
                                                       std::string tool, bool confirmed) {
  if (count <= bulk_limit) co_return std::nullopt;
  std::string why = "more than " + std::to_string(bulk_limit) + " items at once need the user's confirmation";
  co_return co_await ask_first(std::move(ctx), std::move(doing), std::move(tool), confirmed, std::move(why));
}

net::awaitable<std::optional<mcp::ToolResult>> ask_first(mcp::CallContext ctx, std::string doing, std::string tool,
                                                         bool confirmed, std::string why) {
  if (!ctx.elicit) {
    if (confirmed) co_return std::nullopt;
    co_return mcp::ToolResult::error("Nothing was changed: " + why + ", and this would " + doing +
                                     ". Ask them; if they agree, call " + tool + " again with \"confirm\": true.");
  }
  std::string message = "Your agent wants to " + doing + " on Trakt. Go ahead?";
  message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message[0])));
  json::object schema{
      {"type", "object"},
      {"properties", json::object{{"confirm", {{"type", "boolean"},
                                               {"title", "Yes, " + doing},
                                               {"description", "Leave unticked to change nothing."},
                                               {"default", false}}}}},
      {"required", json::array{"confirm"}}};
  mcp::Elicitation question{.key = "confirm", .message = std::move(message), .requested_schema = std::move(schema)};
  const mcp::Elicited answer = co_await ctx.elicit(std::move(question));
  const json::value* yes = answer.content.if_contains("confirm");
  if (answer.action == mcp::Elicited::Action::accept && yes && yes->is_bool() && yes->get_bool())
    co_return std::nullopt;
  if (answer.unanswered_after) {
    // The question was withdrawn: nobody answered it in time.
    std::string text = "Nothing was changed: the user was asked to confirm that this would ";
    text += doing;
    text += ", and no answer came within ";
    text += waited(*answer.unanswered_after);
    text += ". To ask them again, call ";
    text += tool;
    text += " again.";
    co_return mcp::ToolResult::error(std::move(text));
  }
  co_return mcp::ToolResult::error("Nothing was changed: the user did not agree to " + doing + ".");
}

mcp::ToolResult write_failure(const Failure& f, std::string_view check) {
  if (f.kind != FailureKind::maybe_applied) return failure_result(f);
  return mcp::ToolResult::error(f.message + " " + std::string(check) + " before trying again, so that nothing is done twice.");
}

mcp::ToolResult failure_result(const Failure& f) { return mcp::ToolResult::error(f.message); }

std::optional<std::string> path_id(const std::string& given) {
  const auto first = given.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  std::string id = given.substr(first, given.find_last_not_of(" \t\r\n") - first + 1);
  if (id.size() > 200 || id == "." || id == "..") return std::nullopt;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
          c == '.'))
      return std::nullopt;
  return id;
}

std::string quoted(std::string s) {
  for (auto& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  if (s.size() > 80) s = s.substr(0, 80) + "...";
  return "\"" + s + "\"";
}

std::string not_an_id(const std::string& given) {
  std::string text = "id ";
  text += quoted(given);
  text += " is not a Trakt id, slug or IMDb id (e.g. 1234, heat-1995, tt0113277). Use search to find it.";
  return text;
}

std::string no_such(std::string_view kind, const std::string& id) {
  std::string text = "Trakt has no ";
  text += kind;
  text += " with the id ";
  text += quoted(id);
  text += ". Check the id and the type, or use search to find it and its ids.";
  return text;
}

std::unordered_set<std::int64_t> owned_ids(const json::array& items) {
  std::unordered_set<std::int64_t> ids;
  for (const auto& item : items) {
    for (const char* pointer : {"/movie/ids/trakt", "/show/ids/trakt"}) {
      boost::system::error_code ec;
      const json::value* trakt = item.find_pointer(pointer, ec);
      if (trakt && trakt->is_int64()) ids.insert(trakt->get_int64());
    }
  }
  return ids;
}

std::string skipped_note(std::size_t skipped) {
  return skipped ? "\n(" + std::to_string(skipped) + " item" + (skipped == 1 ? "" : "s") +
                       " from Trakt could not be read and " + (skipped == 1 ? "was" : "were") + " left out.)"
                 : "";
}

PageProgress page_progress(mcp::CallContext ctx) {
  return [ctx](int done, int total) {
    ctx.progress(done, total, "Fetched page " + std::to_string(done) + " of " + std::to_string(total));
  };
}

}  // namespace tools

void register_tools(mcp::ToolRegistry& registry) {
  std::vector<mcp::Tool> all;
  for (auto factory : tools::factories()) all.push_back(factory());
  // Name order: the same list on every build, whatever the link order.
  std::sort(all.begin(), all.end(), [](const mcp::Tool& a, const mcp::Tool& b) { return a.name < b.name; });
  for (auto& t : all) registry.add(std::move(t));
}

}  // namespace trakt
