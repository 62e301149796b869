// describe_status (advice for non-2xx answers), parse_endpoint (TRAKT_API_URL),
// and the three tools through ToolRegistry: metadata, argument validation
// before the API is touched, and the failure path.

#include "trakt/api.hpp"
#include "trakt/https_client.hpp"
#include "trakt/test_support.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <set>

#include <algorithm>
#include <cctype>

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using trakt::Failure;
using trakt::FailureKind;
using trakt::HttpResponse;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

HttpResponse response(unsigned status, std::string content_type = "application/json", std::string body = "") {
  HttpResponse r;
  r.version(11);
  r.result(status);
  if (!content_type.empty()) r.set(http::field::content_type, content_type);
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

Failure describe(const HttpResponse& r) { return trakt::describe_status(r, "your watch history"); }

// --- describe_status ---------------------------------------------------------

TEST(DescribeStatus, Unauthorized401SaysToLogIn) {
  auto f = describe(response(401, "application/json", R"({"error":"invalid_token"})"));
  EXPECT_EQ(f.kind, FailureKind::not_logged_in);
  EXPECT_TRUE(contains(f.message, "trakt-mcp login")) << f.message;
}

TEST(DescribeStatus, Forbidden403JsonAndCloudflareHtmlGiveDifferentAdvice) {
  auto api_key = describe(response(403, "application/json", R"({"error":"forbidden"})"));
  auto cloudflare = describe(response(
      403, "text/html; charset=UTF-8",
      "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body></body></html>"));
  EXPECT_NE(api_key.message, cloudflare.message);
  EXPECT_TRUE(contains(api_key.message, "TRAKT_CLIENT_ID")) << api_key.message;
  EXPECT_FALSE(contains(cloudflare.message, "TRAKT_CLIENT_ID")) << cloudflare.message;
  EXPECT_TRUE(contains(lower(cloudflare.message), "cloudflare")) << cloudflare.message;

  // HTML without the Content-Type still counts as the front end answering.
  auto html_body = describe(response(403, "", "<html><body>blocked</body></html>"));
  EXPECT_EQ(html_body.message, cloudflare.message);
}

TEST(DescribeStatus, AccountLimit420UsesTheLimitAndUpgradeUrlHeaders) {
  auto r = response(420);
  r.set("X-Account-Limit", "100");
  r.set("X-Upgrade-URL", "https://trakt.tv/vip/upgrade-here");
  r.set("X-VIP-User", "false");
  auto f = describe(r);
  EXPECT_TRUE(contains(f.message, "100")) << f.message;
  EXPECT_TRUE(contains(f.message, "https://trakt.tv/vip/upgrade-here")) << f.message;

  auto vip = response(420);
  vip.set("X-Account-Limit", "5000");
  vip.set("X-VIP-User", "true");
  auto fv = describe(vip);
  EXPECT_TRUE(contains(fv.message, "5000")) << fv.message;
  EXPECT_NE(fv.message, f.message);
}

TEST(DescribeStatus, Locked423SaysLockedOrDeactivated) {
  auto locked = response(423);
  locked.set("X-Account-Locked", "true");
  locked.set("X-Account-Deactivated", "false");
  auto deactivated = response(423);
  deactivated.set("X-Account-Locked", "false");
  deactivated.set("X-Account-Deactivated", "true");
  auto fl = describe(locked);
  auto fd = describe(deactivated);
  EXPECT_TRUE(contains(fl.message, "locked")) << fl.message;
  EXPECT_TRUE(contains(fd.message, "deactivated")) << fd.message;
  EXPECT_TRUE(contains(fl.message, "support")) << fl.message;
}

TEST(DescribeStatus, VipOnly426UsesTheUpgradeUrl) {
  auto r = response(426);
  r.set("X-Upgrade-URL", "https://trakt.tv/vip?from=api");
  auto f = describe(r);
  EXPECT_TRUE(contains(f.message, "https://trakt.tv/vip?from=api")) << f.message;
  EXPECT_TRUE(contains(f.message, "VIP")) << f.message;
  auto fallback = describe(response(426));
  EXPECT_TRUE(contains(fallback.message, "https://trakt.tv/vip")) << fallback.message;
}

TEST(DescribeStatus, RateLimited429MentionsRetryAfterSeconds) {
  auto r = response(429);
  r.set("Retry-After", "37");
  auto f = describe(r);
  EXPECT_EQ(f.kind, FailureKind::rate_limited);
  EXPECT_TRUE(contains(f.message, "37 seconds")) << f.message;
  auto without = describe(response(429));
  EXPECT_EQ(without.kind, FailureKind::rate_limited);
  EXPECT_FALSE(contains(without.message, "-1")) << without.message;
}

TEST(DescribeStatus, ServerErrorsSayToTryAgainLater) {
  for (unsigned s : {500u, 502u, 503u, 504u, 520u, 521u, 522u}) {
    auto f = describe(response(s, "text/html", "<html>error</html>"));
    EXPECT_TRUE(contains(lower(f.message), "try again")) << s << ": " << f.message;
    EXPECT_TRUE(contains(f.message, std::to_string(s))) << s << ": " << f.message;
  }
}

TEST(DescribeStatus, NoMessageContainsNull) {
  for (unsigned s : {400u, 401u, 403u, 404u, 405u, 409u, 412u, 420u, 422u, 423u, 426u, 429u, 500u, 502u, 503u,
                     504u, 520u, 521u, 522u}) {
    for (const char* body : {"", "null", R"({"error":null})"}) {
      auto f = describe(response(s, "application/json", body));
      EXPECT_FALSE(f.message.empty()) << s;
      EXPECT_FALSE(contains(lower(f.message), "null")) << s << ": " << f.message;
      EXPECT_FALSE(contains(f.message, "undefined")) << s << ": " << f.message;
    }
  }
}

// --- parse_endpoint --------------------------------------------------------------

TEST(ParseEndpoint, TraktProduction) {
  auto o = trakt::parse_endpoint("https://api.trakt.tv");
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->host, "api.trakt.tv");
  EXPECT_EQ(o->port, "443");
  EXPECT_EQ(o->base_path, "");
}

TEST(ParseEndpoint, LoopbackWithPort) {
  auto o = trakt::parse_endpoint("https://127.0.0.1:8443");
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->host, "127.0.0.1");
  EXPECT_EQ(o->port, "8443");
  EXPECT_EQ(o->base_path, "");
}

TEST(ParseEndpoint, Ipv6LiteralIsUnbracketed) {
  auto o = trakt::parse_endpoint("https://[::1]:9443");
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->host, "::1");
  EXPECT_EQ(o->port, "9443");
}

TEST(ParseEndpoint, TrailingSlashAndBasePath) {
  auto a = trakt::parse_endpoint("https://api.trakt.tv/");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->host, "api.trakt.tv");
  EXPECT_EQ(a->base_path, "");

  auto b = trakt::parse_endpoint("https://proxy.example:8443/trakt/v2/");
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->host, "proxy.example");
  EXPECT_EQ(b->port, "8443");
  EXPECT_EQ(b->base_path, "/trakt/v2");
}

TEST(ParseEndpoint, PlainHttpIsRejectedMentioningHttps) {
  auto o = trakt::parse_endpoint("http://api.trakt.tv");
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().kind, FailureKind::config);
  EXPECT_TRUE(contains(o.error().message, "https")) << o.error().message;
}

TEST(ParseEndpoint, GarbageIsRejected) {
  for (const char* s : {"", "garbage", "api.trakt.tv", "://api.trakt.tv", "https://", "https:///path",
                        "https://exa mple.com", "ftp://api.trakt.tv"}) {
    auto o = trakt::parse_endpoint(s);
    EXPECT_FALSE(o) << '"' << s << "\" accepted as host=" << (o ? o->host : "") << " port=" << (o ? o->port : "");
    if (!o) {
      EXPECT_FALSE(o.error().message.empty());
    }
  }
}

// "https://api.trakt.tv:" has an empty port: it must mean 443, or be refused;
// an empty port string handed to the resolver is neither.
TEST(ParseEndpoint, EmptyPortIsDefaultedOrRejected) {
  auto o = trakt::parse_endpoint("https://api.trakt.tv:");
  if (o) {
    EXPECT_EQ(o->port, "443") << "empty port kept as \"" << o->port << "\"";
  }
}

// RFC 3986 3.1: schemes are case-insensitive.
TEST(ParseEndpoint, UppercaseSchemeIsAccepted) {
  auto o = trakt::parse_endpoint("HTTPS://api.trakt.tv");
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->port, "443");
}

// --- tools ---------------------------------------------------------------------

struct Provider {
  int calls = 0;
};

struct ToolsFixture : ::testing::Test {
  mcp::ToolRegistry registry;
  std::shared_ptr<Provider> provider = std::make_shared<Provider>();

  ToolsFixture() {
    trakt::register_tools(registry);
  }

  mcp::ToolResult call(std::string_view tool, std::string_view arguments) {
    const mcp::Tool* t = registry.find(tool);
    if (!t) throw std::runtime_error("no tool " + std::string(tool));
    net::io_context io;
    auto p = provider;
    return trakt_test::call_tool_now(io, *t, arguments, [p]() -> trakt::Result<trakt::TraktApi*> {
      ++p->calls;
      return Failure{FailureKind::config, "no api"};
    });
  }
};

TEST_F(ToolsFixture, EveryDeclaredToolSaysWhetherItWritesAndIsOpenWorldWithObjectSchemas) {
  // The tools that change the account; every other one only reads.
  const std::set<std::string> writes = {"add_to_watchlist", "remove_from_watchlist", "mark_watched", "remove_from_history",
                                        "rate", "remove_rating", "checkin", "cancel_checkin",
                                        "remove_playback", "hide_show", "unhide_show", "create_list",
                                        "delete_list", "add_to_list", "remove_from_list"};
  std::vector<std::string> names;
  for (const auto& t : registry.all()) {
    names.push_back(t.name);
    SCOPED_TRACE(t.name);
    EXPECT_FALSE(t.description.empty());
    EXPECT_FALSE(t.summary.empty()) << "the server instructions list every tool with its summary";
    EXPECT_EQ(t.annotations.read_only, !writes.contains(t.name));
    EXPECT_TRUE(t.annotations.destructive.has_value() && t.annotations.idempotent.has_value());
    EXPECT_EQ(t.annotations.open_world, true);
    const auto input = mcp::input_schema(t);
    EXPECT_EQ(input.at("type"), "object");
    EXPECT_TRUE(input.at("properties").is_object());
    ASSERT_TRUE(t.output_schema.get().contains("type"));
    EXPECT_EQ(t.output_schema.get().at("type"), "object");
    EXPECT_TRUE(t.invoke);
  }
  // Listed in name order, whatever order the linker put the tool files in.
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const char* v1 : {"get_history", "get_upcoming", "get_watchlist"})
    EXPECT_NE(std::find(names.begin(), names.end(), v1), names.end()) << v1;
  EXPECT_EQ(provider->calls, 0);
}

TEST_F(ToolsFixture, InputSchemasDeclareTheDocumentedArguments) {
  auto props = [&](std::string_view tool) {
    std::vector<std::string> keys;
    const auto schema = mcp::input_schema(*registry.find(tool));
    for (const auto& [k, v] : schema.at("properties").as_object())
      keys.emplace_back(k);
    std::sort(keys.begin(), keys.end());
    return keys;
  };
  EXPECT_EQ(props("get_upcoming"), (std::vector<std::string>{"days", "start_date", "type"}));
  EXPECT_EQ(props("get_watchlist"), (std::vector<std::string>{"limit", "sort", "type"}));
  EXPECT_EQ(props("get_history"), (std::vector<std::string>{"end_at", "limit", "start_at", "type"}));
  const auto upcoming = mcp::input_schema(*registry.find("get_upcoming"));
  const auto& days = upcoming.at("properties").at("days");
  EXPECT_EQ(days.at("minimum"), 1);
  EXPECT_EQ(days.at("maximum"), 33);
  const auto history = mcp::input_schema(*registry.find("get_history"));
  const auto& limit = history.at("properties").at("limit");
  EXPECT_EQ(limit.at("minimum"), 1);
  EXPECT_EQ(limit.at("maximum"), 1000);
}

struct BadArgs {
  const char* tool;
  const char* arguments;
  const char* named;  // the argument the error must name
};

void PrintTo(const BadArgs& a, std::ostream* os) { *os << a.tool << " " << a.arguments; }

class ToolsBadArguments : public ToolsFixture, public ::testing::WithParamInterface<BadArgs> {};

TEST_P(ToolsBadArguments, IsErrorNamingTheArgumentBeforeCallingTheApi) {
  const auto& p = GetParam();
  auto r = call(p.tool, p.arguments);
  EXPECT_TRUE(r.is_error) << p.tool << " " << p.arguments << " -> " << r.text;
  EXPECT_TRUE(contains(r.text, std::string("\"") + p.named + "\"")) << r.text;
  EXPECT_FALSE(contains(r.text, "no api")) << r.text;
  EXPECT_EQ(provider->calls, 0) << "the API was reached with bad arguments";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ToolsBadArguments,
    ::testing::Values(BadArgs{"get_upcoming", R"({"start_date":"2026-13-45"})", "start_date"},
                      BadArgs{"get_upcoming", R"({"start_date":"2026-02-30"})", "start_date"},
                      BadArgs{"get_upcoming", R"({"start_date":"tomorrow"})", "start_date"},
                      BadArgs{"get_upcoming", R"({"start_date":20261124})", "start_date"},
                      BadArgs{"get_upcoming", R"({"start_date":"2026-11-24T00:00:00Z"})", "start_date"},
                      BadArgs{"get_upcoming", R"({"days":0})", "days"},
                      BadArgs{"get_upcoming", R"({"days":40})", "days"},
                      BadArgs{"get_upcoming", R"({"days":34})", "days"},
                      BadArgs{"get_upcoming", R"({"days":-1})", "days"},
                      BadArgs{"get_upcoming", R"({"days":"7"})", "days"},
                      BadArgs{"get_upcoming", R"({"days":2.5})", "days"},
                      BadArgs{"get_upcoming", R"({"days":true})", "days"},
                      BadArgs{"get_upcoming", R"({"days":1e300})", "days"},
                      BadArgs{"get_upcoming", R"({"foo":1})", "foo"},
                      BadArgs{"get_watchlist", R"({"type":"music"})", "type"},
                      BadArgs{"get_watchlist", R"({"type":"movie"})", "type"},
                      BadArgs{"get_watchlist", R"({"sort":"popularity"})", "sort"},
                      BadArgs{"get_watchlist", R"({"sort":["rank"]})", "sort"},
                      BadArgs{"get_watchlist", R"({"limit":0})", "limit"},
                      BadArgs{"get_watchlist", R"({"foo":"bar"})", "foo"},
                      BadArgs{"get_history", R"({"limit":0})", "limit"},
                      BadArgs{"get_history", R"({"limit":1001})", "limit"},
                      BadArgs{"get_history", R"({"limit":"20"})", "limit"},
                      BadArgs{"get_history", R"({"type":"music"})", "type"},
                      BadArgs{"get_history", R"({"type":"shows"})", "type"},
                      BadArgs{"get_history", R"({"start_at":"last week"})", "start_at"},
                      BadArgs{"get_history", R"({"end_at":"2026-13-45"})", "end_at"},
                      BadArgs{"get_history", R"({"foo":null})", "foo"},
                      BadArgs{"get_history", R"({"limit":10,"foo":1})", "foo"}));

// start_date is "YYYY-MM-DD"; these ten-character strings are not, and would
// otherwise go into the calendar URL as they are.
INSTANTIATE_TEST_SUITE_P(
    MalformedStartDate, ToolsBadArguments,
    ::testing::Values(BadArgs{"get_upcoming", R"({"start_date":"2026-1-5xx"})", "start_date"},
                      BadArgs{"get_upcoming", R"({"start_date":" 2026-1-05"})", "start_date"},
                      BadArgs{"get_upcoming", R"({"start_date":"2026-+1-05"})", "start_date"}));

struct GoodArgs {
  const char* tool;
  const char* arguments;
};

void PrintTo(const GoodArgs& a, std::ostream* os) { *os << a.tool << " " << a.arguments; }

class ToolsValidArguments : public ToolsFixture, public ::testing::WithParamInterface<GoodArgs> {};

TEST_P(ToolsValidArguments, ReachTheProviderAndReturnItsFailure) {
  const auto& p = GetParam();
  auto r = call(p.tool, p.arguments);
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "no api");
  EXPECT_EQ(provider->calls, 1);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ToolsValidArguments,
    ::testing::Values(GoodArgs{"get_upcoming", "{}"}, GoodArgs{"get_upcoming", R"({"start_date":"2026-11-24"})"},
                      GoodArgs{"get_upcoming", R"({"start_date":"2028-02-29","days":33})"},
                      GoodArgs{"get_upcoming", R"({"days":1})"}, GoodArgs{"get_upcoming", R"({"days":null})"},
                      GoodArgs{"get_watchlist", "{}"},
                      GoodArgs{"get_watchlist", R"({"type":"seasons","sort":"released","limit":5})"},
                      GoodArgs{"get_watchlist", R"({"type":"all","sort":"title"})"},
                      GoodArgs{"get_history", "{}"}, GoodArgs{"get_history", R"({"limit":1000,"type":"movies"})"},
                      GoodArgs{"get_history", R"({"limit":1,"type":"episodes"})"},
                      GoodArgs{"get_history", R"({"start_at":"2026-11-01","end_at":"2026-11-19T23:00:00Z"})"}));

}  // namespace
