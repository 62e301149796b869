// Questions to the person at the client (CallContext::elicit): in the legacy
// era an elicitation/create request on the call's route and the client's
// response, or none within the timeout; in the stateless era (2026-07-28) an
// input_required result and the call asked again with inputResponses. Also
// the read-only switch's disabled tools.

#include "harness.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <chrono>
#include <optional>

namespace mcp_test {
namespace {

// A tool that asks one question and says what came back.
mcp::Tool asking_tool() {
  return {.name = "ask",
          .title = "Ask",
          .description = "Asks the person.",
          .args = {},
          .output_schema = {},
          .annotations = {.read_only = false},
          .invoke = [](mcp::Arguments, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
            if (!ctx.elicit) co_return mcp::ToolResult{"cannot ask", nullptr, false};
            mcp::Elicitation q{.key = "confirm",
                               .message = "Go ahead?",
                               .requested_schema = {{"type", "object"},
                                                    {"properties", json::object{{"confirm", {{"type", "boolean"}}}}}}};
            const mcp::Elicited a = co_await ctx.elicit(std::move(q));
            const char* action = a.action == mcp::Elicited::Action::accept    ? "accept"
                                 : a.action == mcp::Elicited::Action::decline ? "decline"
                                                                              : "cancel";
            std::string text = action;
            text += " ";
            text += json::serialize(a.content);
            if (a.unanswered_after) {
              text += " unanswered after ";
              text += std::to_string(a.unanswered_after->count());
              text += " ms";
            }
            co_return mcp::ToolResult{std::move(text), nullptr, false};
          }};
}

// Feeds one message and runs what is ready, without waiting for pending work
// (a call waiting for an answer would keep Harness::run busy).
std::vector<json::value> feed(Harness& h, std::string_view line) {
  const std::size_t first = h.sent.size();
  h.server->handle(line);
  do h.io.restart();
  while (h.io.poll() != 0);
  std::vector<json::value> out;
  for (std::size_t i = first; i < h.sent.size(); ++i) out.push_back(json::parse(h.sent[i]));
  return out;
}

constexpr std::string_view init_eliciting =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{}},"clientInfo":{"name":"test","version":"1"}}})";

std::string text_of(const json::value& answer) {
  return std::string(answer.at("result").at("content").at(0).at("text").as_string());
}

TEST(Elicitation, LegacyAsksOnTheCallsRouteAndUsesTheAnswer) {
  Harness h;
  h.tools.add(asking_tool());
  feed(h, init_eliciting);
  auto out = feed(h, R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"ask"}})");
  ASSERT_EQ(out.size(), 1u);
  const auto& request = out[0].as_object();
  EXPECT_EQ(request.at("method"), "elicitation/create");
  EXPECT_EQ(request.at("params").at("message"), "Go ahead?");
  EXPECT_EQ(request.at("params").at("mode"), "form");
  EXPECT_TRUE(request.at("params").at("requestedSchema").at("properties").as_object().contains("confirm"));
  const std::string id = json::serialize(request.at("id"));

  // A response to an id we never used changes nothing.
  EXPECT_TRUE(feed(h, R"({"jsonrpc":"2.0","id":999,"result":{"action":"accept"}})").empty());
  out = feed(h, R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{"action":"accept","content":{"confirm":true}}})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].at("id"), 7);
  EXPECT_EQ(text_of(out[0]), R"(accept {"confirm":true})");
}

TEST(Elicitation, LegacyDeclineErrorAndOldVersions) {
  Harness h;
  h.tools.add(asking_tool());
  feed(h, init_eliciting);
  auto out = feed(h, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ask"}})");
  out = feed(h, R"({"jsonrpc":"2.0","id":)" + json::serialize(out[0].at("id")) + R"(,"result":{"action":"decline"}})");
  EXPECT_EQ(text_of(out.at(0)), "decline {}");
  // A client that fails the request: counted as cancel.
  out = feed(h, R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"ask"}})");
  out = feed(h, R"({"jsonrpc":"2.0","id":)" + json::serialize(out[0].at("id")) +
                    R"(,"error":{"code":-32601,"message":"no"}})");
  EXPECT_EQ(text_of(out.at(0)), "cancel {}");

  // 2025-06-18 has no "mode".
  Harness old;
  old.tools.add(asking_tool());
  feed(old, R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"t","version":"1"}}})");
  out = feed(old, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ask"}})");
  EXPECT_EQ(out.at(0).at("method"), "elicitation/create");
  EXPECT_FALSE(out[0].at("params").as_object().contains("mode"));
}

TEST(Elicitation, WithoutTheCapabilityThereIsNoQuestion) {
  for (std::string_view caps : {R"({})", R"({"elicitation":{"url":{}}})"}) {
    Harness h;
    h.tools.add(asking_tool());
    feed(h, R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":)" +
                std::string(caps) + R"(,"clientInfo":{"name":"t","version":"1"}}})");
    auto out = feed(h, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ask"}})");
    ASSERT_EQ(out.size(), 1u) << caps;
    EXPECT_EQ(text_of(out[0]), "cannot ask") << caps;
  }
}

TEST(Elicitation, NotOnARouteThatCarriesOnlyTheAnswer) {
  // An HTTP POST answered with plain JSON: a question would never reach the user.
  Harness h;
  h.tools.add(asking_tool());
  feed(h, init_eliciting);
  const std::size_t first = h.sent.size();
  h.server->handle(std::string_view(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ask"}})"),
                   mcp::Source{5, {}, false});
  h.run();
  ASSERT_EQ(h.sent.size(), first + 1);
  EXPECT_EQ(text_of(json::parse(h.sent[first])), "cannot ask");
}

TEST(Elicitation, CancellingTheCallCancelsTheQuestion) {
  Harness h;
  h.tools.add(asking_tool());
  feed(h, init_eliciting);
  auto out = feed(h, R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"ask"}})");
  const json::value asked = out.at(0).at("id");
  out = feed(h, R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}})");
  // The question is withdrawn, and the cancelled call gets no answer.
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].at("method"), "notifications/cancelled");
  EXPECT_EQ(out[0].at("params").at("requestId"), asked);
  // A late answer is ignored.
  EXPECT_TRUE(feed(h, R"({"jsonrpc":"2.0","id":)" + json::serialize(asked) + R"(,"result":{"action":"accept"}})").empty());
  EXPECT_EQ(h.server->in_flight(), 0u);
}

// Nobody answers: after the timeout the question is withdrawn at the client
// (notifications/cancelled) and the call goes on as declined, saying so; an
// answer that comes later is ignored.
TEST(Elicitation, AnUnansweredQuestionIsWithdrawnAndCountsAsDeclined) {
  mcp::Limits limits;
  limits.elicitation_timeout = std::chrono::milliseconds(30);
  Harness h(limits);
  h.tools.add(asking_tool());
  feed(h, init_eliciting);
  auto out = feed(h, R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"ask"}})");
  ASSERT_EQ(out.size(), 1u);
  const json::value asked = out[0].at("id");
  EXPECT_EQ(h.server->in_flight(), 1u);  // waiting, not answered yet

  const std::size_t first = h.sent.size();
  const auto started = std::chrono::steady_clock::now();
  h.run();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  ASSERT_EQ(h.sent.size(), first + 2);
  std::optional<json::value> cancelled, answer;
  for (std::size_t i = first; i < h.sent.size(); ++i) {
    auto m = json::parse(h.sent[i]);
    if (m.as_object().contains("method")) cancelled = m;
    else answer = m;
  }
  ASSERT_TRUE(cancelled && answer) << h.sent[first] << "\n" << h.sent[first + 1];
  EXPECT_EQ(cancelled->at("method"), "notifications/cancelled");
  EXPECT_EQ(cancelled->at("params").at("requestId"), asked);
  EXPECT_EQ(cancelled->at("params").at("reason"), "no answer came in time");
  EXPECT_EQ(answer->at("id"), 4);
  EXPECT_EQ(text_of(*answer), "decline {} unanswered after 30 ms");
  EXPECT_EQ(h.server->in_flight(), 0u);

  // The answer after all: ignored, no error.
  const std::string late = R"({"jsonrpc":"2.0","id":)" + json::serialize(asked) + R"(,"result":{"action":"accept"}})";
  EXPECT_TRUE(feed(h, late).empty());

  // An answer in time is used as before (the timer does not end the call).
  out = feed(h, R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"ask"}})");
  const std::string in_time =
      R"({"jsonrpc":"2.0","id":)" + json::serialize(out.at(0).at("id")) + R"(,"result":{"action":"accept"}})";
  out = feed(h, in_time);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(text_of(out[0]), "accept {}");
  h.run();
  EXPECT_EQ(h.sent.size(), first + 4);  // nothing more: no late cancellation of an answered question
}

const std::string eliciting_meta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}})";

TEST(Elicitation, StatelessAsksWithInputRequiredAndTakesTheAnswerFromTheNextCall) {
  Harness h;
  h.tools.add(asking_tool());
  auto out = feed(h, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ask",)" + eliciting_meta + "}}");
  ASSERT_EQ(out.size(), 1u);
  const auto& result = out[0].at("result").as_object();
  EXPECT_EQ(result.at("resultType"), "input_required");
  const auto& question = result.at("inputRequests").at("confirm");
  EXPECT_EQ(question.at("method"), "elicitation/create");
  EXPECT_EQ(question.at("params").at("message"), "Go ahead?");
  EXPECT_FALSE(result.contains("content"));

  // Asked again with the answer (as the result itself, or wrapped in "result").
  for (std::string_view answer : {R"({"action":"accept","content":{"confirm":true}})",
                                  R"({"result":{"action":"accept","content":{"confirm":true}}})"}) {
    out = feed(h, R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"ask","inputResponses":{"confirm":)" +
                      std::string(answer) + "}," + eliciting_meta + "}}");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].at("result").at("resultType"), "complete");
    EXPECT_EQ(text_of(out[0]), R"(accept {"confirm":true})");
  }

  // A client that declared no elicitation is never asked.
  out = feed(h, R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"ask",)"
                R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}})");
  EXPECT_EQ(text_of(out.at(0)), "cannot ask");
}

TEST(DisabledTools, AreNotListedAndSayWhyWhenCalled) {
  Harness h;
  h.tools.add(asking_tool());
  h.tools.disable_writes("read-only here");
  feed(h, init_line);
  auto out = feed(h, R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})");
  for (const auto& t : out.at(0).at("result").at("tools").as_array()) {
    EXPECT_NE(t.at("name"), "ask");
    EXPECT_EQ(t.at("annotations").at("readOnlyHint"), true) << t.at("name");
  }
  out = feed(h, R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"ask"}})");
  EXPECT_EQ(out.at(0).at("result").at("isError"), true);
  EXPECT_EQ(text_of(out[0]), "ask is disabled: read-only here");
  // An unknown tool is still a protocol error.
  out = feed(h, R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope"}})");
  EXPECT_EQ(out.at(0).at("error").at("code"), -32602);
}

}  // namespace
}  // namespace mcp_test
