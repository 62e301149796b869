// Golden transcripts for mcp::Server, in the style of clangd's
// JSONTransportTests: a whole session in, the exact output compared.

#include "harness.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <set>

namespace mcp_test {
namespace {

std::string init_with(std::string_view version) {
  return R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" +
         std::string(version) + R"(","capabilities":{},"clientInfo":{"name":"test","version":"1"}}})";
}

std::string negotiated(std::string_view version) {
  std::string out = init_reply;
  out.replace(out.find("2025-11-25"), 10, version);
  return out;
}

std::multiset<std::string> lines_of(const std::string& text) {
  std::multiset<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    lines.insert(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

TEST(ServerLifecycle, EchoesEverySupportedVersion) {
  for (std::string_view version : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
    Harness h;
    EXPECT_EQ(h.transcript(init_with(version)), negotiated(version) + "\n") << version;
  }
}

TEST(ServerLifecycle, UnknownVersionGetsLatest) {
  Harness h;
  EXPECT_EQ(h.transcript(init_with("1999-01-01")), negotiated("2025-11-25") + "\n");
}

TEST(ServerLifecycle, InitializeTwiceAndBadParams) {
  Harness h;
  auto out = h.transcript(R"(
    {"jsonrpc":"2.0","id":"a","method":"initialize"}
    {"jsonrpc":"2.0","id":"b","method":"initialize","params":{"protocolVersion":7}}
    {"jsonrpc":"2.0","id":"c","method":"initialize","params":[]}
  )");
  EXPECT_EQ(out,
            R"({"jsonrpc":"2.0","id":"a","error":{"code":-32602,"message":"Invalid params: initialize needs a string \"protocolVersion\""}}
{"jsonrpc":"2.0","id":"b","error":{"code":-32602,"message":"Invalid params: initialize needs a string \"protocolVersion\""}}
{"jsonrpc":"2.0","id":"c","error":{"code":-32602,"message":"Invalid params: initialize needs a string \"protocolVersion\""}}
)");
  h.transcript(init_line);
  EXPECT_EQ(h.transcript(init_line),
            R"({"jsonrpc":"2.0","id":0,"error":{"code":-32600,"message":"Invalid Request: already initialized"}})"
            "\n");
}

TEST(ServerLifecycle, RequestsBeforeInitialize) {
  Harness h;
  auto out = h.transcript(R"(
    {"jsonrpc":"2.0","id":1,"method":"ping"}
    {"jsonrpc":"2.0","id":2,"method":"tools/list"}
    {"jsonrpc":"2.0","id":3,"method":"no/such"}
    {"jsonrpc":"2.0","method":"notifications/initialized"}
  )");
  EXPECT_EQ(out, R"({"jsonrpc":"2.0","id":1,"result":{}}
{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"Server not initialized: send initialize first"}}
{"jsonrpc":"2.0","id":3,"error":{"code":-32600,"message":"Server not initialized: send initialize first"}}
)");
}

TEST(ServerLifecycle, PingAndUnknownMethod) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","method":"notifications/initialized"}
    {"jsonrpc":"2.0","id":"p","method":"ping"}
    {"jsonrpc":"2.0","id":9007199254740993,"method":"ping","params":{}}
    {"jsonrpc":"2.0","id":-1,"method":"resources/list"}
    {"jsonrpc":"2.0","method":"notifications/whatever","params":{}}
    {"jsonrpc":"2.0","id":5,"result":{}}
    {"jsonrpc":"2.0","id":6,"error":{"code":1,"message":"x"}}
  )");
  EXPECT_EQ(out, init_reply + R"(
{"jsonrpc":"2.0","id":"p","result":{}}
{"jsonrpc":"2.0","id":9007199254740993,"result":{}}
{"jsonrpc":"2.0","id":-1,"error":{"code":-32601,"message":"Method not found: resources/list"}}
)");
}

TEST(ServerTools, ListShape) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"whatever"}}
  )");
  auto second = out.substr(out.find('\n') + 1);
  auto reply = boost::json::parse(second).as_object();
  const auto& tools = reply.at("result").at("tools").as_array();
  ASSERT_EQ(tools.size(), h.tools.all().size());
  EXPECT_EQ(boost::json::serialize(tools.at(0)),
            R"({"name":"echo","title":"Echo","description":"Returns its arguments.","inputSchema":{"type":"object","properties":{"x":{"type":"array","description":"Anything."}},"additionalProperties":false},"outputSchema":{"type":"object"},"annotations":{"title":"Echo","readOnlyHint":true}})");
  // No title, arguments, output schema or annotations declared: title and
  // outputSchema and annotations left out, inputSchema still an object schema.
  EXPECT_EQ(boost::json::serialize(tools.at(1)),
            R"({"name":"fail","description":"Always a tool error.","inputSchema":{"type":"object","properties":{},"additionalProperties":false}})");
}

TEST(ServerTools, CallResults) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"x":[1,"é"]}}}
    {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo"}}
    {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"fail","arguments":{}}}
    {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"throws","arguments":{}}}
    {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"nope","arguments":{}}}
    {"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"echo","arguments":[1]}}
    {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"arguments":{}}}
    {"jsonrpc":"2.0","id":8,"method":"tools/call"}
  )");
  EXPECT_EQ(out, init_reply + R"(
{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"{\"x\":[1,\"é\"]}"}],"structuredContent":{"x":[1,"é"]}}}
{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"{}"}],"structuredContent":{}}}
{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"it failed"}],"isError":true}}
{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"Internal error: boom"}],"isError":true}}
{"jsonrpc":"2.0","id":5,"error":{"code":-32602,"message":"Unknown tool: nope"}}
{"jsonrpc":"2.0","id":6,"error":{"code":-32602,"message":"Invalid params: \"arguments\" must be an object"}}
{"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"Invalid params: tools/call needs a string \"name\""}}
{"jsonrpc":"2.0","id":8,"error":{"code":-32602,"message":"Invalid params: tools/call needs a string \"name\""}}
)");
  EXPECT_EQ(h.server->in_flight(), 0u);
}

TEST(ServerErrors, ParseErrorAndSessionContinues) {
  Harness h;
  auto out = h.transcript(R"(
    {"jsonrpc":"2.0","id":1,"method":"ping"
    not json at all
    {"jsonrpc":"2.0","id":2,"method":"ping"}
  )");
  EXPECT_EQ(out, R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: incomplete JSON"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: syntax error"}}
{"jsonrpc":"2.0","id":2,"result":{}}
)");
}

TEST(ServerErrors, InvalidRequestShapes) {
  Harness h;
  auto out = h.transcript(R"(
    {"jsonrpc":"1.0","id":1,"method":"ping"}
    {"id":2,"method":"ping"}
    {"jsonrpc":"2.0","id":1.5,"method":"ping"}
    {"jsonrpc":"2.0","id":null,"method":"ping"}
    {"jsonrpc":"2.0","id":{"a":1},"method":"ping"}
    {"jsonrpc":"2.0","id":3,"method":42}
    {"jsonrpc":"2.0","id":4}
    "just a string"
    42
    {}
  )");
  EXPECT_EQ(out, R"({"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid Request: \"jsonrpc\" must be \"2.0\""}}
{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"Invalid Request: \"jsonrpc\" must be \"2.0\""}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: \"id\" must be a string or an integer"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: \"id\" must be a string or an integer"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: \"id\" must be a string or an integer"}}
{"jsonrpc":"2.0","id":3,"error":{"code":-32600,"message":"Invalid Request: \"method\" must be a string"}}
{"jsonrpc":"2.0","id":4,"error":{"code":-32600,"message":"Invalid Request: no \"method\""}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: a message must be a JSON object"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: a message must be a JSON object"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: \"jsonrpc\" must be \"2.0\""}}
)");
}

TEST(ServerErrors, DeepNestingIsAParseError) {
  Harness h;
  std::string deep = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":)" + std::string(100, '[') +
                     std::string(100, ']') + "}}";
  auto out = h.transcript(deep + "\n" + R"({"jsonrpc":"2.0","id":2,"method":"ping"})");
  EXPECT_EQ(out, R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: nesting deeper than 64 levels"}}
{"jsonrpc":"2.0","id":2,"result":{}}
)");
}

TEST(ServerErrors, NestingWithinTheLimitIsFine) {
  Harness h({.max_depth = 8});
  auto out = h.transcript(R"(
    {"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":[[[[[1]]]]]}}
    {"jsonrpc":"2.0","id":2,"method":"ping","params":{"a":[[[[[[[[1]]]]]]]]}}
  )");
  EXPECT_EQ(out, R"({"jsonrpc":"2.0","id":1,"result":{}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: nesting deeper than 8 levels"}}
)");
}

TEST(ServerErrors, OversizedMessage) {
  Harness h;
  h.server->reject_oversized(4096);
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0],
            R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Message too large: limit is 4096 bytes"}})");
}

TEST(ServerBatch, AcceptedIn20250326) {
  Harness h;
  h.transcript(init_with("2025-03-26"));
  auto out = h.transcript(R"(
    [{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{"ms":20}}},{"jsonrpc":"2.0","id":3,"method":"nope"},5,[],{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{}}}]
    [{"jsonrpc":"2.0","method":"notifications/initialized"}]
    []
  )");
  auto lines = lines_of(out);
  ASSERT_EQ(lines.size(), 2u) << out;
  EXPECT_TRUE(lines.contains(
      R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: empty batch"}})"));
  // One array with every answer; the notification answers nothing; the
  // slow call's answer waited for inside the array.
  EXPECT_TRUE(lines.contains(
      R"([{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found: nope"}},{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: a message must be a JSON object"}},{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: batches cannot be nested"}},{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"{}"}],"structuredContent":{}}},{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"slow 20"}]}}])"))
      << out;
}

TEST(ServerBatch, RejectedInOtherVersions) {
  const std::string batch = R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])";
  {
    Harness h;
    EXPECT_EQ(h.transcript(batch),
              R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: batches are not supported before initialize"}})"
              "\n");
  }
  for (std::string_view version : {"2025-11-25", "2025-06-18", "2024-11-05"}) {
    Harness h;
    h.transcript(init_with(version));
    EXPECT_EQ(h.transcript(batch),
              R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: batches are not supported in protocol version )" +
                  std::string(version) + "\"}}\n");
  }
}

TEST(ServerConcurrency, SlowCallDoesNotDelayPingOrOtherCalls) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{"ms":50}}}
    {"jsonrpc":"2.0","id":2,"method":"ping"}
    {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{}}}
  )");
  EXPECT_EQ(out, init_reply + R"(
{"jsonrpc":"2.0","id":2,"result":{}}
{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"{}"}],"structuredContent":{}}}
{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"slow 50"}]}}
)");
}

TEST(ServerConcurrency, ManySlowCallsRunTogether) {
  Harness h;
  std::string input(init_line);
  for (int i = 1; i <= 20; ++i)
    input += "\n" + std::string(R"({"jsonrpc":"2.0","id":)") + std::to_string(i) +
             R"(,"method":"tools/call","params":{"name":"slow","arguments":{"ms":100}}})";
  const auto start = std::chrono::steady_clock::now();
  auto out = h.transcript(input);
  // Generous bound: sequential would be 2 s.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  EXPECT_EQ(lines_of(out).size(), 21u);
}

TEST(ServerConcurrency, DuplicateInFlightIdIsRejected) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{"ms":20}}}
    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{"ms":20}}}
  )");
  EXPECT_EQ(out, init_reply + R"(
{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid Request: id 1 is already in use by a request in flight"}}
{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"slow 20"}]}}
)");
}

TEST(ServerCancellation, CancelledCallIsNotAnswered) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":"s","method":"tools/call","params":{"name":"slow","arguments":{}}}
    {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"s","reason":"user gave up"}}
    {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"unknown"}}
    {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"s"}}
    {"jsonrpc":"2.0","id":2,"method":"ping"}
  )");
  EXPECT_EQ(out, init_reply + R"(
{"jsonrpc":"2.0","id":2,"result":{}}
)");
  EXPECT_TRUE(h.seen->slow_started);
  EXPECT_TRUE(h.seen->slow_cancelled);
  EXPECT_EQ(h.server->in_flight(), 0u);
}

TEST(ServerCancellation, IdsOfOtherTypesDoNotMatch) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"slow","arguments":{"ms":30}}}
    {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"7"}}
  )");
  EXPECT_EQ(out, init_reply + R"(
{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"slow 30"}]}}
)");
  EXPECT_FALSE(h.seen->slow_cancelled);
}

TEST(ServerCancellation, CancelledBatchMemberLeftOut) {
  Harness h;
  h.transcript(init_with("2025-03-26"));
  auto out = h.transcript(R"(
    [{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{}}},{"jsonrpc":"2.0","id":2,"method":"ping"}]
    {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}
  )");
  EXPECT_EQ(out, R"([{"jsonrpc":"2.0","id":2,"result":{}}])"
                 "\n");
  EXPECT_TRUE(h.seen->slow_cancelled);
}

TEST(ServerProgress, NotificationsWhenTokenGiven) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{},"_meta":{"progressToken":"tok"}}}
    {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"progress","_meta":{"progressToken":17}}}
    {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"progress"}}
  )");
  EXPECT_EQ(out, init_reply + R"(
{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"tok","progress":1,"total":3,"message":"one"}}
{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"tok","progress":2,"total":3}}
{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"tok","progress":2.5E0,"message":"almost"}}
{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"done"}]}}
{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":17,"progress":1,"total":3,"message":"one"}}
{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":17,"progress":2,"total":3}}
{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":17,"progress":2.5E0,"message":"almost"}}
{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"done"}]}}
{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"done"}]}}
)");
}

TEST(ServerProgress, NothingAfterTheAnswer) {
  Harness h;
  h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","_meta":{"progressToken":"tok"}}}
  )");
  const auto before = h.sent.size();
  h.seen->kept_context.progress(3, 3, "late");
  EXPECT_EQ(h.sent.size(), before);
}

TEST(ServerLogging, SetLevelForwardsLogLines) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs"}}
    {"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"loud"}}
    {"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":{}}
    {"jsonrpc":"2.0","id":4,"method":"logging/setLevel","params":{"level":"warning"}}
    {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"logs"}}
    {"jsonrpc":"2.0","id":6,"method":"logging/setLevel","params":{"level":"debug"}}
    {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"logs"}}
  )");
  const std::string bad_level =
      R"(,"error":{"code":-32602,"message":"Invalid params: \"level\" must be one of debug, info, notice, warning, error, critical, alert, emergency"}})";
  EXPECT_EQ(out, init_reply + R"(
{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"logged"}]}}
{"jsonrpc":"2.0","id":2)" + bad_level + R"(
{"jsonrpc":"2.0","id":3)" + bad_level + R"(
{"jsonrpc":"2.0","id":4,"result":{}}
{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"warning","logger":"tool","data":"a warning line"}}
{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"logged"}]}}
{"jsonrpc":"2.0","id":6,"result":{}}
{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"debug","logger":"tool","data":"a debug line"}}
{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"warning","logger":"tool","data":"a warning line"}}
{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"logged"}]}}
)");
}

TEST(ServerLogging, SinkRemovedWithTheServer) {
  auto h = std::make_unique<Harness>();
  h->transcript(std::string(init_line) + "\n" +
                R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"debug"}})");
  h->server.reset();
  support::log::error("test", "after the server is gone");
  h->run();
  EXPECT_EQ(h->sent.size(), 2u);
}

TEST(ServerDrain, CompletesWhenCallsFinish) {
  Harness h;
  h.transcript(std::string(init_line));
  h.server->handle(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{"ms":30}}})");
  h.server->handle(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{"ms":60}}})");
  EXPECT_EQ(h.server->in_flight(), 2u);
  bool drained = false;
  std::size_t answered_when_drained = 0;
  net::co_spawn(
      h.io,
      [](mcp::Server* server, bool* done, std::vector<std::string>* sent,
         std::size_t* answered) -> net::awaitable<void> {
        co_await server->drain();
        *done = true;
        *answered = sent->size();
      }(h.server.get(), &drained, &h.sent, &answered_when_drained),
      net::detached);
  h.run();
  EXPECT_TRUE(drained);
  EXPECT_EQ(answered_when_drained, 3u);  // initialize + both calls
  EXPECT_EQ(h.server->in_flight(), 0u);
}

TEST(ServerDrain, ImmediateWhenIdle) {
  Harness h;
  bool drained = false;
  net::co_spawn(
      h.io,
      [](mcp::Server* server, bool* done) -> net::awaitable<void> {
        co_await server->drain();
        *done = true;
      }(h.server.get(), &drained),
      net::detached);
  h.run();
  EXPECT_TRUE(drained);
}

TEST(ServerLifetime, DestroyedMidCallDropsTheAnswer) {
  Harness h;
  h.transcript(std::string(init_line));
  h.server->handle(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{"ms":20}}})");
  h.server->handle(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"progress","_meta":{"progressToken":1}}})");
  h.io.poll();
  const auto before = h.sent.size();
  h.server.reset();
  h.run();
  EXPECT_EQ(h.sent.size(), before);
  EXPECT_TRUE(h.seen->slow_cancelled);
}

}  // namespace
}  // namespace mcp_test
