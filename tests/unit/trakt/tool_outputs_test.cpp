// Every tool, run the way an agent calls it against a scripted Trakt that
// answers in Trakt's shapes: the call succeeds, and its structuredContent
// matches the outputSchema derived from the answer's description
// (trakt/model/shape.hpp). A tool without a case here fails the test, so a
// new tool comes with its success path. Also what a destructive tool says
// when the person's confirmation does not come.

#include "trakt/scripted_trakt.hpp"
#include "trakt/test_support.hpp"
#include "trakt/token_manager.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace {

namespace net = boost::asio;
namespace json = boost::json;
using namespace trakt_test;

// The parts of JSON Schema our output schemas use; each mismatch in `errors`.
void check(const json::object& schema, const json::value& v, const std::string& at, std::vector<std::string>& errors) {
  const auto fail = [&](const std::string& what) { errors.push_back(at + ": " + what + " in " + json::serialize(v)); };
  if (const auto* type = schema.if_contains("type")) {
    const std::string t(type->as_string());
    const bool ok = (t == "object" && v.is_object()) || (t == "array" && v.is_array()) ||
                    (t == "string" && v.is_string()) || (t == "boolean" && v.is_bool()) ||
                    (t == "integer" && (v.is_int64() || v.is_uint64())) || (t == "number" && v.is_number());
    if (!ok) return fail("not " + t);
  }
  if (const auto* choices = schema.if_contains("enum")) {
    bool found = false;
    for (const auto& c : choices->as_array()) found = found || c == v;
    if (!found) fail("not one of " + json::serialize(*choices));
  }
  if (v.is_number()) {
    const double x = v.to_number<double>();
    if (const auto* m = schema.if_contains("minimum"); m && x < m->to_number<double>()) fail("below the minimum");
    if (const auto* m = schema.if_contains("maximum"); m && x > m->to_number<double>()) fail("above the maximum");
  }
  if (const auto* o = v.if_object()) {
    if (const auto* required = schema.if_contains("required"))
      for (const auto& k : required->as_array())
        if (!o->contains(k.as_string())) fail("no " + std::string(k.as_string()));
    const auto* properties = schema.if_contains("properties");
    const auto* more = schema.if_contains("additionalProperties");
    for (const auto& [k, x] : *o) {
      const auto* p = properties ? properties->as_object().if_contains(k) : nullptr;
      if (p) check(p->as_object(), x, at + "." + std::string(k), errors);
      else if (more && more->is_object()) check(more->as_object(), x, at + "." + std::string(k), errors);
      else if (properties) fail("a property the schema does not declare: " + std::string(k));
    }
  }
  if (const auto* a = v.if_array())
    if (const auto* items = schema.if_contains("items"))
      for (std::size_t i = 0; i < a->size(); ++i)
        check(items->as_object(), (*a)[i], at + "[" + std::to_string(i) + "]", errors);
}

const char* const heat = R"({"title":"Heat","year":1995,"ids":{"trakt":1234,"slug":"heat-1995","imdb":"tt0113277","tmdb":949}})";
const char* const severance = R"({"title":"Severance","year":2022,"ids":{"trakt":154997,"slug":"severance","tvdb":371980}})";
const std::string episode = R"({"season":2,"number":3,"title":"Who Is Alive?","ids":{"trakt":9}})";
const std::string counts = R"({"movies":1,"shows":0,"seasons":0,"episodes":2})";
const std::string halloween = R"({"name":"Halloween","description":null,"privacy":"private","item_count":12,"updated_at":"2026-10-01T00:00:00.000Z","ids":{"trakt":55,"slug":"halloween"}})";

// Trakt's answers, by method and path (a prefix ends with '*').
const std::map<std::string, std::string>& answers() {
  static const std::map<std::string, std::string> a{
      {"GET /sync/last_activities", R"({"all":"2026-01-01T00:00:00.000Z"})"},
      {"GET /sync/history*", std::string(R"([{"id":7,"watched_at":"2026-11-19T20:00:00.000Z","action":"watch","type":"movie","movie":)") + heat + "},"
                              R"({"id":8,"watched_at":"2026-11-18T20:00:00.000Z","action":"watch","type":"episode","show":)" + severance + R"(,"episode":)" + episode + "}]"},
      {"GET /sync/watchlist*", std::string(R"([{"rank":1,"listed_at":"2026-11-01T00:00:00.000Z","notes":null,"type":"show","show":)") + severance + "},"
                                R"({"rank":2,"type":"season","season":{"number":2,"ids":{"trakt":3}},"show":)" + severance + "}]"},
      {"GET /calendars/my/shows/*", std::string(R"([{"first_aired":"2026-12-08T02:00:00.000Z","episode":)") + episode + R"(,"show":)" + severance + "}]"},
      {"GET /calendars/my/movies/*", std::string(R"([{"released":"2026-12-10","movie":)") + heat + "}]"},
      {"GET /search/*", std::string(R"([{"type":"movie","score":1000,"movie":)") + heat + R"(},{"type":"person","score":5,"person":{"name":"Al Pacino","ids":{"trakt":1,"slug":"al-pacino"}}}])"},
      {"GET /recommendations/*", std::string("[") + heat + "]"},
      {"GET /users/me/stats", R"({"movies":{"plays":3,"watched":2,"minutes":300,"collected":1,"ratings":1},"shows":{"watched":1},"episodes":{"plays":10,"watched":9,"minutes":500},"ratings":{"total":1,"distribution":{"10":1}}})"},
      {"GET /sync/watched/shows", std::string(R"([{"plays":3,"last_watched_at":"2026-11-20T21:00:00.000Z","show":)") + severance + "}]"},
      {"GET /users/hidden/progress_watched", "[]"},
      {"GET /shows/154997/progress/watched", R"({"aired":18,"completed":7,"last_watched_at":"2026-11-20T21:00:00.000Z","next_episode":)" + episode + "}"},
      {"GET /shows/severance", R"({"title":"Severance","year":2022,"ids":{"trakt":154997,"slug":"severance"},"overview":"Work.","runtime":55,"genres":["drama",""],"rating":8.7,"votes":120,"network":"Apple TV+","airs":{"day":"Friday","time":"21:00","timezone":"America/New_York"},"aired_episodes":18,"status":"returning series"})"},
      {"GET /sync/ratings/shows", std::string(R"([{"rated_at":"2026-10-01T00:00:00.000Z","rating":9,"type":"show","show":)") + severance + "}]"},
      {"GET /shows/trending", std::string(R"([{"watchers":12,"show":)") + severance + "}]"},
      {"GET /shows/severance/related", std::string("[") + severance + "]"},
      {"GET /shows/severance/people", R"({"cast":[{"characters":["Mark Scout"],"episode_count":19,"person":{"name":"Adam Scott","ids":{"trakt":1,"slug":"adam-scott"}}}],"crew":{"directing":[{"jobs":["Director"],"person":{"name":"Ben Stiller","ids":{"trakt":2}}}]}})"},
      {"POST /sync/watchlist", R"({"added":)" + counts + R"(,"existing":)" + counts + R"(,"not_found":{"movies":[{"ids":{"imdb":"tt0000001"}}]}})"},
      {"POST /sync/watchlist/remove", R"({"deleted":)" + counts + "}"},
      {"POST /sync/history", R"({"added":{"movies":1,"episodes":0}})"},
      {"POST /sync/history/remove", R"({"deleted":{"movies":1,"episodes":0},"not_found":{"ids":[5]}})"},
      {"POST /sync/ratings", R"({"added":)" + counts + "}"},
      {"POST /sync/ratings/remove", R"({"deleted":)" + counts + "}"},
      {"GET /users/me/lists", std::string("[") + halloween + "]"},
      {"GET /users/me/lists/halloween", halloween},
      {"GET /users/me/lists/halloween/items", std::string(R"([{"rank":1,"id":101,"listed_at":"2026-10-01T00:00:00.000Z","notes":"Scary.","type":"movie","movie":)") + heat + "},"
                                               R"({"rank":2,"id":102,"notes":null,"type":"episode","episode":)" + episode + R"(,"show":)" + severance + "},"
                                               R"({"rank":3,"id":103,"type":"person","person":{"name":"Al Pacino","ids":{"trakt":1,"slug":"al-pacino"}}}])"},
      {"POST /users/me/lists", halloween},
      {"DELETE /users/me/lists/halloween", ""},
      {"POST /users/me/lists/halloween/items", R"({"added":)" + counts + R"(,"existing":)" + counts + R"(,"not_found":{"movies":[]},"list":{"updated_at":"2026-12-07T00:00:00.000Z","item_count":13}})"},
      {"POST /users/me/lists/halloween/items/remove", R"({"deleted":)" + counts + R"(,"not_found":{"movies":[]},"list":{"item_count":11}})"},
      {"POST /checkin", std::string(R"({"id":3,"watched_at":"2026-12-07T20:00:00.000Z","movie":)") + heat + "}"},
      {"DELETE /checkin", ""},
      {"GET /sync/playback", std::string(R"([{"progress":42.5,"paused_at":"2026-11-20T20:00:00.000Z","id":13,"type":"movie","movie":)") + heat + "},"
                             R"({"progress":10,"paused_at":"2026-11-19T20:00:00.000Z","id":14,"type":"episode","episode":)" + episode + R"(,"show":)" + severance + "}]"},
      {"DELETE /sync/playback/*", ""},
      {"GET /sync/ratings/all*", std::string(R"([{"rated_at":"2026-10-01T00:00:00.000Z","rating":10,"type":"movie","movie":)") + heat + "},"
                                 R"({"rated_at":"2026-10-02T00:00:00.000Z","rating":10,"type":"season","season":{"number":1,"ids":{"tmdb":3}},"show":)" + severance + "},"
                                 R"({"rated_at":"2026-10-03T00:00:00.000Z","rating":10,"type":"episode","episode":)" + episode + R"(,"show":)" + severance + "}]"},
      {"POST /users/hidden/*", R"({"added":{"movies":0,"shows":1,"seasons":0,"users":0},"deleted":{"shows":1},"not_found":{"movies":[],"shows":[],"seasons":[],"users":[]}})"},
  };
  return a;
}

Result<HttpResponse> answer(const HttpRequest& r) {
  const std::string key = std::string(r.method_string()) + " " + path_of(r);
  for (const auto& [k, body] : answers())
    if (k == key || (k.back() == '*' && key.starts_with(k.substr(0, k.size() - 1))))
      return response(body.empty() ? 204 : 200, body.empty() ? "" : body,
                      {{"X-Pagination-Page-Count", "1"}, {"X-Pagination-Item-Count", "2"}});
  return response(404, "{}");
}

// One call of each tool, with the arguments an agent would give.
const std::map<std::string, std::string> calls{
    {"add_to_list", R"({"list":"halloween","items":[{"type":"movie","ids":{"trakt":1234}}]})"},
    {"create_list", R"({"name":"Halloween"})"},
    {"delete_list", R"({"list":"halloween","confirm":true})"},
    {"get_lists", R"({"list":"halloween"})"},
    {"remove_from_list", R"({"list":"halloween","items":[{"type":"movie","ids":{"trakt":1234}}]})"},
    {"add_to_watchlist", R"({"items":[{"type":"movie","ids":{"trakt":1234}}]})"},
    {"cancel_checkin", "{}"},
    {"checkin", R"({"item":{"type":"movie","ids":{"trakt":1234}}})"},
    {"discover", R"({"list":"trending"})"},
    {"get_details", R"({"type":"show","id":"severance"})"},
    {"get_history", R"({"limit":5})"},
    {"get_playback", "{}"},
    {"get_ratings", R"({"rating":10})"},
    {"get_people", R"({"type":"show","id":"severance"})"},
    {"get_recommendations", R"({"type":"movies"})"},
    {"get_related", R"({"type":"show","id":"severance"})"},
    {"get_stats", "{}"},
    {"get_up_next", "{}"},
    {"get_upcoming", R"({"type":"all","start_date":"2026-12-07"})"},
    {"get_watchlist", "{}"},
    {"hide_show", R"({"show":"severance"})"},
    {"get_year_in_review", R"({"year":2026})"},
    {"mark_watched", R"({"items":[{"type":"movie","ids":{"trakt":1234}}]})"},
    {"rate", R"({"items":[{"type":"movie","ids":{"trakt":1234}}],"rating":9})"},
    {"remove_from_history", R"({"history_ids":[5,7]})"},
    {"remove_from_watchlist", R"({"items":[{"type":"movie","ids":{"trakt":1234}}]})"},
    {"remove_playback", R"({"playback_ids":[13]})"},
    {"remove_rating", R"({"items":[{"type":"movie","ids":{"trakt":1234}}]})"},
    {"search", R"({"query":"heat"})"},
    {"unhide_show", R"({"show":"severance","where":"up_next"})"},
};

struct ScriptedTrakt {
  net::io_context io;
  std::shared_ptr<Script> script = std::make_shared<Script>();
  std::shared_ptr<StoreState> stored = std::make_shared<StoreState>();
  trakt::TraktApi api;
  trakt::TokenManager tokens;
  mcp::ToolRegistry registry;

  static trakt::RequestPolicy policy() {
    auto p = fast_policy();
    p.write_interval = std::chrono::milliseconds(0);
    return p;
  }

  ScriptedTrakt()
      : api([s = script](HttpRequest r) { return fake_send(s, std::move(r)); }, "",
            trakt::ApiConfig{"the-client-id", "the-client-secret", "trakt-mcp/test"}, policy()),
        tokens(io.get_executor(), std::make_shared<MemoryStore>(stored),
               [](std::string) -> net::awaitable<Result<trakt::Tokens>> { co_return pair("new"); }, [] { return t0; }) {
    stored->tokens = pair("old");
    script->respond = answer;
    api.use_tokens(tokens);
    api.enable_cache();
    trakt::register_tools(registry);
  }

  mcp::ToolResult call(const mcp::Tool& tool, const std::string& arguments) {
    return call_tool_now(io, tool, arguments, [this]() -> Result<trakt::TraktApi*> { return &api; });
  }
};

TEST(ToolOutputs, EveryToolSucceedsAgainstScriptedTraktAndMatchesItsDerivedSchema) {
  ScopedTz tz("UTC");
  ScriptedTrakt trakt;
  for (const auto& tool : trakt.registry.all()) {
    SCOPED_TRACE(tool.name);
    const auto args = calls.find(tool.name);
    ASSERT_NE(args, calls.end()) << "no success case for " << tool.name << ": add one to `calls`";
    const auto result = trakt.call(tool, args->second);
    ASSERT_FALSE(result.is_error) << result.text;
    EXPECT_FALSE(result.text.empty());
    ASSERT_FALSE(tool.output_schema.empty());
    ASSERT_TRUE(result.structured.is_object()) << result.text;
    std::vector<std::string> errors;
    check(tool.output_schema.get(), result.structured, tool.name, errors);
    EXPECT_TRUE(errors.empty()) << errors.front();
  }
  // Every tool reached the scripted Trakt (each write once, each read at least once).
  EXPECT_GE(trakt.script->seen.size(), trakt.registry.all().size());
}

// A destructive call on more than 10 items asks the person first. When
// nobody answers in time (the server withdrew the question), nothing reaches
// Trakt and the answer says what happened and how to ask again; a "no" says
// that instead.
net::awaitable<mcp::Elicited> answered(mcp::Elicited answer) { co_return answer; }

TEST(ToolOutputs, AConfirmationNobodyAnswersChangesNothingAndSaysSo) {
  ScriptedTrakt scripted;
  const mcp::Tool* tool = scripted.registry.find("remove_from_watchlist");
  ASSERT_TRUE(tool);
  std::string items;
  for (int i = 1; i <= 14; ++i) {
    if (!items.empty()) items += ",";
    items += R"({"type":"movie","ids":{"trakt":)" + std::to_string(i) + "}}";
  }
  const auto arguments = json::parse(R"({"items":[)" + items + "]}").as_object();
  auto call = [&](mcp::Elicited answer) {
    mcp::CallContext ctx;
    ctx.scope = trakt::ApiProvider([&scripted]() -> Result<trakt::TraktApi*> { return &scripted.api; });
    ctx.elicit = [answer](mcp::Elicitation) { return answered(answer); };
    mcp::ToolResult out;
    run_coroutine(scripted.io, detail::store_call(tool, arguments, std::move(ctx), &out));
    return out;
  };

  mcp::Elicited unanswered;
  unanswered.action = mcp::Elicited::Action::decline;
  unanswered.unanswered_after = std::chrono::minutes(10);
  auto result = call(unanswered);
  EXPECT_TRUE(result.is_error);
  EXPECT_EQ(result.text,
            "Nothing was changed: the user was asked to confirm that this would remove 14 items from your watchlist, "
            "and no answer came within 10 minutes. To ask them again, call remove_from_watchlist again.");
  for (const auto& r : scripted.script->seen) EXPECT_EQ(r.method(), boost::beast::http::verb::get) << r.target();

  mcp::Elicited declined;
  declined.action = mcp::Elicited::Action::decline;
  result = call(declined);
  EXPECT_TRUE(result.is_error);
  EXPECT_EQ(result.text, "Nothing was changed: the user did not agree to remove 14 items from your watchlist.");
  for (const auto& r : scripted.script->seen) EXPECT_EQ(r.method(), boost::beast::http::verb::get) << r.target();
}

// The checker itself fails on what it must catch.
TEST(ToolOutputs, TheSchemaCheckCatchesAMissingFieldAWrongTypeAnUnknownKeyAndARange) {
  const json::object schema = trakt::model::schema<trakt::HistoryItem>();
  std::vector<std::string> errors;
  check(schema, json::parse(R"({"id":1,"watched_at":"x","action":"watch","type":"movie"})"), "ok", errors);
  EXPECT_TRUE(errors.empty());
  for (const char* bad : {R"({"watched_at":"x","action":"watch","type":"movie"})",
                          R"({"id":"1","watched_at":"x","action":"watch","type":"movie"})",
                          R"({"id":1,"watched_at":"x","action":"watch","type":"movie","extra":1})",
                          R"({"id":1,"watched_at":"x","action":"watch","type":"season"})"}) {
    errors.clear();
    check(schema, json::parse(bad), "bad", errors);
    EXPECT_FALSE(errors.empty()) << bad;
  }
  errors.clear();
  check(trakt::model::schema<trakt::MediaStats>(), json::parse(R"({"plays":-1,"watched":0,"minutes":0,"collected":0,"ratings":0})"),
        "stats", errors);
  EXPECT_FALSE(errors.empty());
}

}  // namespace
