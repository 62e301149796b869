// The HTTP transport's request rules, without sockets: who may talk to us,
// what a POST may carry, which era a body is, header/body agreement of the
// stateless era, the status of a final answer. Plus the Router, which needs
// an executor but no connection.

#include "mcp/json_rpc.hpp"
#include "mcp/server.hpp"
#include "transport/http_exchange.hpp"
#include "transport/http_rules.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

namespace {

namespace json = boost::json;
namespace http = boost::beast::http;
namespace rules = transport::http_rules;
using mcp::Era;

// -- who may talk to us ------------------------------------------------------------------

TEST(HttpRulesHost, AllowedHostsAreMatchedExactlyIgnoringCase) {
  const std::vector<std::string> allowed{"trakt.example.com", "127.0.0.1:9443"};
  EXPECT_TRUE(rules::host_allowed("trakt.example.com", allowed));
  EXPECT_TRUE(rules::host_allowed("Trakt.Example.COM ", allowed));
  EXPECT_TRUE(rules::host_allowed("127.0.0.1:9443", allowed));

  EXPECT_FALSE(rules::host_allowed("", allowed));
  EXPECT_FALSE(rules::host_allowed("trakt.example.com.evil.net", allowed));
  EXPECT_FALSE(rules::host_allowed("evil.example.com", allowed));
  EXPECT_FALSE(rules::host_allowed("127.0.0.1:9444", allowed));
  EXPECT_FALSE(rules::host_allowed("trakt.example.com", {}));
}

TEST(HttpRulesClientAddress, ForwardedForIsBelievedOnlyFromATrustedProxy) {
  const std::vector<std::string> proxies{"127.0.0.1"};
  EXPECT_EQ(rules::client_address("203.0.113.9", "198.51.100.1", proxies), "203.0.113.9");
  EXPECT_EQ(rules::client_address("127.0.0.1", "198.51.100.1", proxies), "198.51.100.1");
  // What the client wrote itself comes first; the proxy's own entry is last.
  EXPECT_EQ(rules::client_address("127.0.0.1", "10.9.9.9, 198.51.100.1", proxies), "198.51.100.1");
  EXPECT_EQ(rules::client_address("127.0.0.1", "", proxies), "127.0.0.1");
  EXPECT_EQ(rules::client_address("127.0.0.1", "198.51.100.1", {}), "127.0.0.1");
}

TEST(HttpRulesHost, LoopbackNeedsLoopbackNameAndOurPort) {
  EXPECT_TRUE(rules::host_ok("127.0.0.1:8080", true, 8080));
  EXPECT_TRUE(rules::host_ok("localhost:8080", true, 8080));
  EXPECT_TRUE(rules::host_ok("LocalHost:8080", true, 8080));
  EXPECT_TRUE(rules::host_ok("[::1]:8080", true, 8080));
  EXPECT_TRUE(rules::host_ok("  localhost:8080\t", true, 8080));
  EXPECT_TRUE(rules::host_ok("localhost", true, 80));  // no port written: 80

  EXPECT_FALSE(rules::host_ok("localhost", true, 8080));
  EXPECT_FALSE(rules::host_ok("localhost:8081", true, 8080));
  EXPECT_FALSE(rules::host_ok("evil.example.com", true, 80));
  EXPECT_FALSE(rules::host_ok("evil.example.com:8080", true, 8080));
  EXPECT_FALSE(rules::host_ok("127.0.0.2:8080", true, 8080));
  EXPECT_FALSE(rules::host_ok("", true, 8080));
  EXPECT_FALSE(rules::host_ok("localhost:http", true, 8080));
}

TEST(HttpRulesHost, AnythingGoesOffLoopback) {
  EXPECT_TRUE(rules::host_ok("mcp.example.com:8443", false, 8080));
  EXPECT_TRUE(rules::host_ok("", false, 8080));
}

TEST(HttpRulesOrigin, LoopbackTakesLoopbackPagesOnly) {
  EXPECT_TRUE(rules::origin_ok("http://localhost:5173", "localhost:8080", true));
  EXPECT_TRUE(rules::origin_ok("https://127.0.0.1", "127.0.0.1:8080", true));
  EXPECT_TRUE(rules::origin_ok("http://[::1]:3000/", "[::1]:8080", true));

  EXPECT_FALSE(rules::origin_ok("http://evil.example.com", "localhost:8080", true));
  EXPECT_FALSE(rules::origin_ok("null", "127.0.0.1:8080", true));
  EXPECT_FALSE(rules::origin_ok("file:///tmp/x.html", "127.0.0.1:8080", true));
  EXPECT_FALSE(rules::origin_ok("http://", "127.0.0.1:8080", true));
  EXPECT_FALSE(rules::origin_ok("http://localhost:abc", "localhost:8080", true));
}

TEST(HttpRulesOrigin, ElsewhereMustBeTheSameOriginAsHost) {
  EXPECT_TRUE(rules::origin_ok("https://mcp.example.com:8443", "mcp.example.com:8443", false));
  EXPECT_TRUE(rules::origin_ok("https://MCP.example.com:8443/", " mcp.example.com:8443 ", false));
  EXPECT_FALSE(rules::origin_ok("https://mcp.example.com", "mcp.example.com:8443", false));
  EXPECT_FALSE(rules::origin_ok("https://evil.example.com:8443", "mcp.example.com:8443", false));
  EXPECT_FALSE(rules::origin_ok("http://localhost:8443", "mcp.example.com:8443", false));
}

TEST(HttpRulesToken, BearerInConstantTime) {
  EXPECT_TRUE(rules::token_ok("", ""));
  EXPECT_TRUE(rules::token_ok("Basic whatever", ""));

  EXPECT_TRUE(rules::token_ok("Bearer s3cret", "s3cret"));
  EXPECT_TRUE(rules::token_ok("bearer s3cret", "s3cret"));
  EXPECT_TRUE(rules::token_ok("  BEARER   s3cret  ", "s3cret"));

  EXPECT_FALSE(rules::token_ok("", "s3cret"));
  EXPECT_FALSE(rules::token_ok("Bearer", "s3cret"));
  EXPECT_FALSE(rules::token_ok("Bearer ", "s3cret"));
  EXPECT_FALSE(rules::token_ok("Bearer nope", "s3cret"));
  EXPECT_FALSE(rules::token_ok("Bearer s3cre", "s3cret"));
  EXPECT_FALSE(rules::token_ok("Bearer s3crett", "s3cret"));
  EXPECT_FALSE(rules::token_ok("Bearer S3CRET", "s3cret"));
  EXPECT_FALSE(rules::token_ok("Basic s3cret", "s3cret"));
  EXPECT_FALSE(rules::token_ok("s3cret", "s3cret"));
}

// -- header values -----------------------------------------------------------------------

TEST(HttpRulesSplitHostPort, NamesAndPorts) {
  auto plain = rules::split_host_port("example.com");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->name, "example.com");
  EXPECT_FALSE(plain->port);

  auto with_port = rules::split_host_port("example.com:8080");
  ASSERT_TRUE(with_port);
  EXPECT_EQ(with_port->name, "example.com");
  EXPECT_EQ(with_port->port, 8080u);

  auto v6 = rules::split_host_port("[::1]:65535");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->name, "[::1]");
  EXPECT_EQ(v6->port, 65535u);

  auto v6_bare = rules::split_host_port("[fe80::1]");
  ASSERT_TRUE(v6_bare);
  EXPECT_EQ(v6_bare->name, "[fe80::1]");
  EXPECT_FALSE(v6_bare->port);

  auto zero = rules::split_host_port("localhost:0");
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->port, 0u);
}

TEST(HttpRulesSplitHostPort, Malformed) {
  EXPECT_FALSE(rules::split_host_port(""));
  EXPECT_FALSE(rules::split_host_port(":8080"));        // no name
  EXPECT_FALSE(rules::split_host_port("localhost:"));   // colon, no port
  EXPECT_FALSE(rules::split_host_port("localhost:8o"));  // not digits
  EXPECT_FALSE(rules::split_host_port("localhost:-1"));
  EXPECT_FALSE(rules::split_host_port("localhost:123456"));  // more than 5 digits
  EXPECT_FALSE(rules::split_host_port("[::1"));              // unclosed bracket
  EXPECT_FALSE(rules::split_host_port("[::1]8080"));         // no colon after ]
  EXPECT_FALSE(rules::split_host_port("[::1]:"));
  EXPECT_FALSE(rules::split_host_port("[::1]:http"));
}

TEST(HttpRulesHeaderValues, TrimAndCaseInsensitiveContains) {
  EXPECT_EQ(rules::trim(" \t value \t"), "value");
  EXPECT_EQ(rules::trim("   "), "");
  EXPECT_EQ(rules::trim("a b"), "a b");
  EXPECT_TRUE(rules::contains_ci("Application/JSON; charset=utf-8", "application/json"));
  EXPECT_FALSE(rules::contains_ci("text/plain", "application/json"));
  EXPECT_TRUE(rules::loopback_name("LOCALHOST"));
  EXPECT_FALSE(rules::loopback_name("::1"));  // unbracketed is not a Host name
}

TEST(HttpRulesAccept, JsonAndSse) {
  auto none = rules::accepts("");
  EXPECT_TRUE(none.json);
  EXPECT_FALSE(none.sse);
  auto json_only = rules::accepts("application/json");
  EXPECT_TRUE(json_only.json);
  EXPECT_FALSE(json_only.sse);
  auto sse_only = rules::accepts("Text/Event-Stream");
  EXPECT_FALSE(sse_only.json);
  EXPECT_TRUE(sse_only.sse);
  auto both = rules::accepts("application/json, text/event-stream");
  EXPECT_TRUE(both.json && both.sse);
  auto any = rules::accepts("*/*");
  EXPECT_TRUE(any.json && any.sse);
  auto html = rules::accepts("text/html");
  EXPECT_FALSE(html.json || html.sse);
}

TEST(HttpRulesContentType, JsonOnly) {
  EXPECT_TRUE(rules::is_json("application/json"));
  EXPECT_TRUE(rules::is_json(" Application/Json; charset=utf-8"));
  EXPECT_FALSE(rules::is_json(""));
  EXPECT_FALSE(rules::is_json("text/plain"));
}

TEST(HttpRulesDecodeHeaderValue, Base64Wrapped) {
  EXPECT_EQ(rules::decode_header_value("get_history"), "get_history");
  EXPECT_EQ(rules::decode_header_value(""), "");
  EXPECT_EQ(rules::decode_header_value("=?base64?Z2V0X2hpc3Rvcnk=?="), "get_history");  // one '='
  EXPECT_EQ(rules::decode_header_value("=?base64?YQ==?="), "a");                        // two
  EXPECT_EQ(rules::decode_header_value("=?base64?dG9vbCBuYW1l?="), "tool name");        // none needed
  EXPECT_EQ(rules::decode_header_value("=?base64?YQ?="), "a");                          // padding left off
  EXPECT_EQ(rules::decode_header_value("=?base64?Z2V0X2hpc3Rvcnk?="), "get_history");
  EXPECT_EQ(rules::decode_header_value("=?base64?" "?="), "");  // split: "??=" is a trigraph
  // Not wrapped (too short, or no closing "?="): the value as it is.
  EXPECT_EQ(rules::decode_header_value("=?base64?="), "=?base64?=");
  EXPECT_EQ(rules::decode_header_value("=?base64?YQ=="), "=?base64?YQ==");

  EXPECT_FALSE(rules::decode_header_value("=?base64?Y*Q=?="));
  EXPECT_FALSE(rules::decode_header_value("=?base64?not base64?="));
  EXPECT_FALSE(rules::decode_header_value("=?base64?YQ==YQ==?="));  // data after padding
}

// -- what a body is ----------------------------------------------------------------------

constexpr std::string_view stateless_meta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"})";

json::value body(std::string_view text) { return json::parse(text); }

TEST(HttpRulesInspect, EraOfOneMessage) {
  const auto legacy = rules::inspect(body(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})"), "2025-11-25");
  EXPECT_EQ(legacy.era, Era::legacy);
  EXPECT_TRUE(legacy.has_request);
  EXPECT_FALSE(legacy.is_initialize);
  EXPECT_EQ(legacy.method, "tools/list");

  // The stateless version in the header makes a request stateless, but never an initialize.
  EXPECT_EQ(rules::inspect(body(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})"), "2026-07-28").era,
            Era::stateless);
  const auto init = rules::inspect(body(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"),
                                   "2026-07-28");
  EXPECT_EQ(init.era, Era::legacy);
  EXPECT_TRUE(init.is_initialize);

  // The stateless _meta does it without any header.
  const auto meta = rules::inspect(
      body(std::string(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{)") + std::string(stateless_meta) +
           "}}"),
      "");
  EXPECT_EQ(meta.era, Era::stateless);
  EXPECT_TRUE(meta.has_request);
}

TEST(HttpRulesInspect, NotificationsResponsesBatches) {
  const auto note = rules::inspect(body(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"), "");
  EXPECT_FALSE(note.has_request);
  EXPECT_EQ(note.method, "notifications/initialized");
  const auto response = rules::inspect(body(R"({"jsonrpc":"2.0","id":"x","result":{}})"), "");
  EXPECT_FALSE(response.has_request);
  EXPECT_EQ(response.method, "");

  // Batches are legacy-only, whatever the header says.
  const auto batch = rules::inspect(
      body(R"([{"jsonrpc":"2.0","method":"n"},{"jsonrpc":"2.0","id":2,"method":"ping"}])"), "2026-07-28");
  EXPECT_EQ(batch.era, Era::legacy);
  EXPECT_TRUE(batch.has_request);
  EXPECT_EQ(batch.method, "");
  EXPECT_FALSE(rules::inspect(body(R"([{"jsonrpc":"2.0","method":"n"}])"), "").has_request);
}

TEST(HttpRulesRequestId, ValidOrNull) {
  EXPECT_EQ(rules::request_id(body(R"({"id":7})")), json::value(7));
  EXPECT_EQ(rules::request_id(body(R"({"id":"a"})")), json::value("a"));
  EXPECT_TRUE(rules::request_id(body(R"({"id":{}})")).is_null());
  EXPECT_TRUE(rules::request_id(body(R"({"method":"m"})")).is_null());
  EXPECT_TRUE(rules::request_id(body("[]")).is_null());
}

// -- stateless headers mirror the body ---------------------------------------------------

json::value call(std::string_view method, std::string_view name_field = "") {
  std::string params = std::string("{") + std::string(stateless_meta);
  if (!name_field.empty()) params += std::string(R"(,"name":)") + std::string(name_field);
  params += "}";
  return body(std::string(R"({"jsonrpc":"2.0","id":1,"method":")") + std::string(method) + R"(","params":)" +
              params + "}");
}

rules::MirrorHeaders mirror(std::string version, std::optional<std::string> method,
                            std::optional<std::string> name = std::nullopt) {
  return rules::MirrorHeaders{std::move(version), std::move(method), std::move(name)};
}

TEST(HttpRulesHeaderMismatch, AgreeingHeaders) {
  EXPECT_EQ(rules::header_mismatch(call("tools/list"), mirror("2026-07-28", "tools/list")), "");
  EXPECT_EQ(rules::header_mismatch(call("tools/call", R"("get_history")"),
                                   mirror("2026-07-28", "tools/call", "get_history")),
            "");
  EXPECT_EQ(rules::header_mismatch(call("tools/call", R"("get_history")"),
                                   mirror("2026-07-28", "tools/call", "=?base64?Z2V0X2hpc3Rvcnk=?=")),
            "");
  // Only tools/call needs Mcp-Name.
  EXPECT_EQ(rules::header_mismatch(call("tools/list"), mirror("2026-07-28", "tools/list", "anything")), "");
}

TEST(HttpRulesHeaderMismatch, Texts) {
  EXPECT_EQ(rules::header_mismatch(call("tools/list"), mirror("", "tools/list")),
            "MCP-Protocol-Version header is missing");
  EXPECT_EQ(rules::header_mismatch(call("tools/list"), mirror("2025-11-25", "tools/list")),
            "MCP-Protocol-Version header value '2025-11-25' does not match body value '2026-07-28'");
  EXPECT_EQ(rules::header_mismatch(call("tools/list"), mirror("2026-07-28", std::nullopt)),
            "Mcp-Method header is missing");
  EXPECT_EQ(rules::header_mismatch(call("tools/list"), mirror("2026-07-28", "tools/call")),
            "Mcp-Method header value 'tools/call' does not match body value 'tools/list'");
  EXPECT_EQ(rules::header_mismatch(call("tools/call", R"("get_history")"), mirror("2026-07-28", "tools/call")),
            "Mcp-Name header is missing");
  EXPECT_EQ(rules::header_mismatch(call("tools/call", R"("get_history")"),
                                   mirror("2026-07-28", "tools/call", "=?base64?*?=")),
            "Mcp-Name header value is not valid base64");
  EXPECT_EQ(rules::header_mismatch(call("tools/call", R"("get_history")"),
                                   mirror("2026-07-28", "tools/call", "get_upcoming")),
            "Mcp-Name header value 'get_upcoming' does not match body value 'get_history'");
  // The raw header is quoted, not its decoding.
  EXPECT_EQ(rules::header_mismatch(call("tools/call", R"("get_history")"),
                                   mirror("2026-07-28", "tools/call", "=?base64?YQ==?=")),
            "Mcp-Name header value '=?base64?YQ==?=' does not match body value 'get_history'");
}

TEST(HttpRulesHeaderMismatch, FirstDisagreementWins) {
  EXPECT_EQ(rules::header_mismatch(call("tools/call", R"("get_history")"), mirror("", std::nullopt)),
            "MCP-Protocol-Version header is missing");
  EXPECT_EQ(rules::header_mismatch(call("tools/call", R"("get_history")"), mirror("2026-07-28", std::nullopt)),
            "Mcp-Method header is missing");
}

TEST(HttpRulesHeaderMismatch, HeaderVersionWithoutMetaIsNotCompared) {
  // Stateless by header alone (no _meta): only Mcp-Method is checked.
  const auto no_meta = body(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}})");
  EXPECT_EQ(rules::header_mismatch(no_meta, mirror("2026-07-28", "tools/list")), "");
  // A name that is not a string is the server's to refuse, not a mismatch.
  EXPECT_EQ(rules::header_mismatch(call("tools/call", "42"), mirror("2026-07-28", "tools/call", "x")), "");
}

// -- answers -----------------------------------------------------------------------------

TEST(HttpRulesStatus, Legacy) {
  EXPECT_EQ(rules::status_for(0, Era::legacy), http::status::ok);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::parse_error, Era::legacy), http::status::bad_request);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::method_not_found, Era::legacy), http::status::ok);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::invalid_request, Era::legacy), http::status::ok);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::invalid_params, Era::legacy), http::status::ok);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::internal_error, Era::legacy), http::status::ok);
}

TEST(HttpRulesStatus, Stateless) {
  EXPECT_EQ(rules::status_for(0, Era::stateless), http::status::ok);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::parse_error, Era::stateless), http::status::bad_request);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::method_not_found, Era::stateless), http::status::not_found);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::invalid_request, Era::stateless), http::status::bad_request);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::invalid_params, Era::stateless), http::status::bad_request);
  EXPECT_EQ(rules::status_for(mcp::header_mismatch, Era::stateless), http::status::bad_request);
  EXPECT_EQ(rules::status_for(mcp::missing_client_capability, Era::stateless), http::status::bad_request);
  EXPECT_EQ(rules::status_for(mcp::unsupported_protocol_version, Era::stateless), http::status::bad_request);
  EXPECT_EQ(rules::status_for(mcp::jsonrpc::internal_error, Era::stateless), http::status::ok);
}

TEST(HttpRulesErrorBody, OneJsonRpcError) {
  const auto v = json::parse(rules::error_body(nullptr, mcp::jsonrpc::invalid_request, "Forbidden: invalid Host header"));
  EXPECT_EQ(v.at("jsonrpc"), "2.0");
  EXPECT_TRUE(v.at("id").is_null());
  EXPECT_EQ(v.at("error").at("code"), mcp::jsonrpc::invalid_request);
  EXPECT_EQ(v.at("error").at("message"), "Forbidden: invalid Host header");
  EXPECT_EQ(json::parse(rules::error_body(9, mcp::header_mismatch, "x")).at("id"), 9);
}

// -- routing -----------------------------------------------------------------------------

namespace exchange = transport::http_exchange;

TEST(HttpRouter, RoutesByRouteAndForgetsAfterTheFinal) {
  boost::asio::io_context io;
  exchange::Router router;
  auto ex = std::make_shared<exchange::Exchange>(io.get_executor());
  router.exchanges.emplace(5, ex);

  router.route(mcp::Outgoing{"progress", 5, false, 0});
  router.route(mcp::Outgoing{"other", 6, false, 0});  // nobody waits: dropped
  EXPECT_TRUE(ex->ready());
  ASSERT_EQ(ex->notes.size(), 1u);
  EXPECT_EQ(ex->notes.front(), "progress");

  router.route(mcp::Outgoing{"answer", 5, true, mcp::jsonrpc::invalid_params});
  EXPECT_EQ(ex->answer, "answer");
  EXPECT_EQ(ex->error_code, mcp::jsonrpc::invalid_params);
  EXPECT_TRUE(router.exchanges.empty());
}

TEST(HttpRouter, RouteZeroGoesToTheGetStreamAndEndAllEndsEveryone) {
  boost::asio::io_context io;
  exchange::Router router;
  auto stream = std::make_shared<exchange::Exchange>(io.get_executor());
  auto call = std::make_shared<exchange::Exchange>(io.get_executor());
  router.standalone = stream;
  router.exchanges.emplace(1, call);

  router.route(mcp::Outgoing{"log", 0, false, 0});
  ASSERT_EQ(stream->notes.size(), 1u);
  EXPECT_TRUE(call->notes.empty());

  router.end_all();
  EXPECT_TRUE(stream->ended);
  EXPECT_TRUE(call->ended);
  EXPECT_FALSE(call->answer);
  EXPECT_TRUE(router.exchanges.empty());
}

}  // namespace
