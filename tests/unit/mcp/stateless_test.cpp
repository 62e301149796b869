// Golden transcripts for the stateless era (2026-07-28): every request
// carries its version and the client's capabilities in _meta; no initialize.
// Also what a transport sees through routes: abandon(route) and the
// per-request log level, whose lines travel on the request's own route.

#include "harness.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace mcp_test {
namespace {

const std::string meta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}})";
const std::string server_meta =
    R"("resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"trakt-mcp","title":"Trakt","version":"0.1.0"}})";

std::string with_meta(std::string_view extra = {}) {
  if (extra.empty()) return meta;
  // Concatenated, not insert()ed: GCC 12 -O3 warns falsely (-Wrestrict) on the insert.
  return meta.substr(0, meta.size() - 1) + "," + std::string(extra) + "}";
}

TEST(ServerStateless, DiscoverListAndCallWithoutInitialize) {
  Harness h;
  auto out = h.transcript(R"({"jsonrpc":"2.0","id":1,"method":"server/discover","params":{)" + meta + R"(}}
    {"jsonrpc":"2.0","id":2,"method":"tools/list","params":{)" + meta + R"(}}
    {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"x":[1]},)" + meta + R"(}}
    {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"fail",)" + meta + R"(}})");
  const auto lines = [&] {
    std::vector<std::string> v;
    for (std::size_t at = 0; at < out.size();) {
      const auto nl = out.find('\n', at);
      v.push_back(out.substr(at, nl - at));
      at = nl + 1;
    }
    return v;
  }();
  ASSERT_EQ(lines.size(), 4u) << out;
  EXPECT_EQ(lines[0],
            R"({"jsonrpc":"2.0","id":1,"result":{"supportedVersions":["2026-07-28","2025-11-25","2025-06-18","2025-03-26","2024-11-05"],"capabilities":{"tools":{"listChanged":false},"logging":{}},"serverInfo":{"name":"trakt-mcp","title":"Trakt","version":"0.1.0"},"instructions":"Use the tools.",)" +
                server_meta + "}}");
  // tools/list is cacheable for an hour by anyone; the rest of it as in the legacy era.
  auto list = boost::json::parse(lines[1]).at("result").as_object();
  EXPECT_EQ(list.at("ttlMs"), 3600000);
  EXPECT_EQ(list.at("cacheScope"), "public");
  EXPECT_EQ(list.at("resultType"), "complete");
  EXPECT_EQ(list.at("tools").as_array().size(), h.tools.all().size());
  EXPECT_EQ(lines[2], R"({"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"{\"x\":[1]}"}],"structuredContent":{"x":[1]},)" +
                          server_meta + "}}");
  EXPECT_EQ(lines[3], R"({"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"it failed"}],"isError":true,)" +
                          server_meta + "}}");
}

TEST(ServerStateless, MetaErrorsAndRemovedMethods) {
  Harness h;
  const std::string caps = R"("io.modelcontextprotocol/clientCapabilities":{})";
  auto out = h.transcript(R"(
    {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":7}}}
    {"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}
    {"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2027-01-01",)" + caps + R"(}}}
    {"jsonrpc":"2.0","id":4,"method":"ping","params":{)" + meta + R"(}}
    {"jsonrpc":"2.0","id":5,"method":"logging/setLevel","params":{"level":"debug",)" + meta + R"(}}
    {"jsonrpc":"2.0","id":6,"method":"initialize","params":{"protocolVersion":"2026-07-28","capabilities":{},)" + meta + R"(}}
    {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"logs",)" + with_meta(R"("io.modelcontextprotocol/logLevel":"loud")") + R"(}}
  )");
  EXPECT_EQ(out, R"json({"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: _meta needs a string \"io.modelcontextprotocol/protocolVersion\""}}
{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: _meta needs an object \"io.modelcontextprotocol/clientCapabilities\""}}
{"jsonrpc":"2.0","id":3,"error":{"code":-32022,"message":"Unsupported protocol version: 2027-01-01","data":{"supported":["2026-07-28","2025-11-25","2025-06-18","2025-03-26","2024-11-05"],"requested":"2027-01-01"}}}
{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"Method not found: ping (protocol version 2026-07-28)"}}
{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"Method not found: logging/setLevel (protocol version 2026-07-28)"}}
{"jsonrpc":"2.0","id":6,"error":{"code":-32601,"message":"Method not found: initialize (protocol version 2026-07-28)"}}
{"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"Invalid params: _meta \"io.modelcontextprotocol/logLevel\" must be one of debug, info, notice, warning, error, critical, alert, emergency"}}
)json");
}

TEST(ServerStateless, StatelessRequestsLeaveTheLegacySessionAlone) {
  // A stateless request does not initialize anything: a legacy request after it
  // is still refused until initialize.
  Harness h;
  auto out = h.transcript(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"fail",)" + meta + R"(}}
    {"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  EXPECT_NE(out.find(R"({"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"Server not initialized: send initialize first"}})"),
            std::string::npos)
      << out;
}

// A Server whose every message is kept with its route, as HTTP sees them.
struct RoutedHarness {
  RoutedHarness()
      : seen(std::make_shared<Observed>()),
        tools(fake_tools(seen)),
        server(std::make_unique<mcp::Server>(io.get_executor(), tools, test_info(),
                                             mcp::Server::RoutedSender([this](mcp::Outgoing out) {
                                               sent.push_back(std::move(out));
                                             }))) {
    support::log::set_stderr_level(support::LogLevel::emergency);
  }
  void run() {
    io.restart();
    io.run_for(std::chrono::seconds(10));
  }
  net::io_context io;
  std::shared_ptr<Observed> seen;
  mcp::ToolRegistry tools;
  std::vector<mcp::Outgoing> sent;
  std::unique_ptr<mcp::Server> server;
};

TEST(ServerStateless, PerRequestLogLevelSendsThatRequestsLinesOnItsRoute) {
  RoutedHarness h;
  const std::string call_warning = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs",)" +
                                   with_meta(R"("io.modelcontextprotocol/logLevel":"warning")") + "}}";
  const std::string call_quiet = R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"logs",)" + meta + "}}";
  // One after the other: a line is sent to every call with a log level that
  // is in flight when it is written (the log does not know which call wrote it).
  h.server->handle(std::string_view(call_warning), mcp::Source{7, "2026-07-28"});
  h.run();
  h.server->handle(std::string_view(call_quiet), mcp::Source{8, "2026-07-28"});
  h.run();
  std::vector<std::string> on7, on8;
  for (const auto& out : h.sent) (out.route == 7 ? on7 : on8).push_back(out.text);
  ASSERT_EQ(on7.size(), 2u);
  EXPECT_EQ(on7[0], R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"warning","logger":"tool","data":"a warning line"}})");
  EXPECT_NE(on7[1].find(R"("id":1,"result")"), std::string::npos);
  // Without logLevel in _meta the server must not send notifications/message.
  ASSERT_EQ(on8.size(), 1u);
  EXPECT_NE(on8[0].find(R"("id":2,"result")"), std::string::npos);
}

TEST(ServerAbandon, CancelsOnlyTheCallsOfThatRouteAndAnswersNone) {
  RoutedHarness h;
  h.server->handle(std::string_view(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})"),
                   mcp::Source{1, {}});
  h.server->handle(std::string_view(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{"ms":60000}}})"),
                   mcp::Source{2, {}});
  h.server->handle(std::string_view(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{"ms":30}}})"),
                   mcp::Source{3, {}});
  h.io.poll();
  EXPECT_EQ(h.server->in_flight(), 2u);
  h.server->abandon(2);
  h.run();
  EXPECT_TRUE(h.seen->slow_cancelled);
  EXPECT_EQ(h.server->in_flight(), 0u);
  std::vector<mcp::Outgoing> finals;
  for (const auto& out : h.sent)
    if (out.final) finals.push_back(out);
  ASSERT_EQ(finals.size(), 3u);
  EXPECT_EQ(finals[0].route, 1u);  // initialize
  // Route 2 ends with nothing to say; route 3's call answers normally.
  bool two_silent = false, three_answered = false;
  for (const auto& f : finals) {
    if (f.route == 2) two_silent = f.text.empty();
    if (f.route == 3) three_answered = f.text.find(R"("text":"slow 30")") != std::string::npos;
  }
  EXPECT_TRUE(two_silent);
  EXPECT_TRUE(three_answered);
}

}  // namespace
}  // namespace mcp_test
