// Prompts: declaration, argument checks, and golden transcripts of
// prompts/list and prompts/get through mcp::Server in both eras.

#include "harness.hpp"

#include "mcp/prompt.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace mcp_test {
namespace {

const std::string meta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}})";
const std::string server_meta =
    R"("resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"trakt-mcp","title":"Trakt","version":"0.1.0"}})";

mcp::Prompt greet() {
  return {.name = "greet",
          .title = "Greet",
          .description = "Says hello.",
          .args = {{.name = "who", .description = "Whom to greet.", .required = true},
                   {.name = "times", .description = "How often.", .required = false}},
          .get = [](const mcp::PromptArguments& args) {
            const auto times = args.find("times");
            if (times != args.end() && times->second != "1" && times->second != "2")
              return mcp::PromptResult::invalid("Invalid argument \"times\": 1 or 2");
            std::string text = "Hello, " + args.at("who") + "!";
            if (times != args.end() && times->second == "2") text += " " + text;
            return mcp::PromptResult{"A greeting", {{"user", text}, {"assistant", "Use the echo tool."}}, {}};
          }};
}

mcp::Prompt plain() {
  return {.name = "plain", .title = "", .description = "", .args = {}, .get = [](const mcp::PromptArguments&) {
            return mcp::PromptResult{{}, {{"user", "Just this."}}, {}};
          }};
}

void declare_prompts(const mcp::ToolRegistry&, mcp::ResourceRegistry&, mcp::PromptRegistry& prompts) {
  prompts.add(greet());
  prompts.add(plain());
}

TEST(Prompt, DescribeAndSignature) {
  EXPECT_EQ(json::serialize(describe(greet())),
            R"({"name":"greet","title":"Greet","description":"Says hello.","arguments":[{"name":"who","description":"Whom to greet.","required":true},{"name":"times","description":"How often.","required":false}]})");
  EXPECT_EQ(json::serialize(describe(plain())), R"({"name":"plain","arguments":[]})");
  EXPECT_EQ(mcp::signature(greet()), "greet {who, times?}");
  EXPECT_EQ(mcp::signature(plain()), "plain {}");
}

TEST(Prompt, ArgumentChecksNameTheArgument) {
  const auto p = greet();
  auto ok = mcp::check_prompt_arguments(p, json::object{{"who", "Ann"}, {"times", nullptr}});
  EXPECT_FALSE(ok.error);
  EXPECT_EQ(ok.arguments, (mcp::PromptArguments{{"who", "Ann"}}));

  EXPECT_EQ(*mcp::check_prompt_arguments(p, {}).error, "Missing argument \"who\" of prompt greet: Whom to greet.");
  // Forms send empty strings for fields left blank.
  EXPECT_EQ(*mcp::check_prompt_arguments(p, json::object{{"who", ""}}).error,
            "Missing argument \"who\" of prompt greet: Whom to greet.");
  EXPECT_EQ(*mcp::check_prompt_arguments(p, json::object{{"who", "A"}, {"whom", "B"}}).error,
            "Unknown argument \"whom\" of prompt greet. It takes: who, times.");
  EXPECT_EQ(*mcp::check_prompt_arguments(plain(), json::object{{"x", "1"}}).error,
            "Unknown argument \"x\" of prompt plain. It takes no arguments.");
  EXPECT_EQ(*mcp::check_prompt_arguments(p, json::object{{"who", 3}}).error,
            "Invalid argument \"who\" of prompt greet: must be a string (got 3).");
}

TEST(PromptRegistry, FindsByName) {
  mcp::PromptRegistry r;
  EXPECT_TRUE(r.empty());
  r.add(greet());
  EXPECT_FALSE(r.empty());
  ASSERT_NE(r.find("greet"), nullptr);
  EXPECT_EQ(r.find("greet")->title, "Greet");
  EXPECT_EQ(r.find("gree"), nullptr);
}

TEST(ServerPrompts, ListAndGetInTheLegacyEra) {
  Harness h(declare_prompts);
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"prompts/list"}
    {"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"greet","arguments":{"who":"Ann","times":"2"}}}
    {"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"plain"}}
    {"jsonrpc":"2.0","id":4,"method":"resources/list"}
  )");
  EXPECT_EQ(out, R"json({"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":false},"prompts":{"listChanged":false},"logging":{}},"serverInfo":{"name":"trakt-mcp","title":"Trakt","version":"0.1.0"},"instructions":"Use the tools."}}
{"jsonrpc":"2.0","id":1,"result":{"prompts":[{"name":"greet","title":"Greet","description":"Says hello.","arguments":[{"name":"who","description":"Whom to greet.","required":true},{"name":"times","description":"How often.","required":false}]},{"name":"plain","arguments":[]}]}}
{"jsonrpc":"2.0","id":2,"result":{"description":"A greeting","messages":[{"role":"user","content":{"type":"text","text":"Hello, Ann! Hello, Ann!"}},{"role":"assistant","content":{"type":"text","text":"Use the echo tool."}}]}}
{"jsonrpc":"2.0","id":3,"result":{"messages":[{"role":"user","content":{"type":"text","text":"Just this."}}]}}
{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"Method not found: resources/list"}}
)json");
}

TEST(ServerPrompts, ErrorsNameThePromptOrTheArgument) {
  Harness h(declare_prompts);
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"nope"}}
    {"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"greet"}}
    {"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"greet","arguments":{"who":"A","times":"3"}}}
    {"jsonrpc":"2.0","id":4,"method":"prompts/get","params":{"name":"greet","arguments":["A"]}}
    {"jsonrpc":"2.0","id":5,"method":"prompts/get","params":{}}
    {"jsonrpc":"2.0","id":6,"method":"prompts/list","params":{"cursor":"x"}}
  )");
  EXPECT_EQ(out, R"json({"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":false},"prompts":{"listChanged":false},"logging":{}},"serverInfo":{"name":"trakt-mcp","title":"Trakt","version":"0.1.0"},"instructions":"Use the tools."}}
{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Unknown prompt: nope"}}
{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Missing argument \"who\" of prompt greet: Whom to greet."}}
{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"Invalid argument \"times\": 1 or 2"}}
{"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"Invalid params: \"arguments\" must be an object"}}
{"jsonrpc":"2.0","id":5,"error":{"code":-32602,"message":"Invalid params: prompts/get needs a string \"name\""}}
{"jsonrpc":"2.0","id":6,"error":{"code":-32602,"message":"Invalid params: unknown cursor \"x\" (every list here fits on one page)"}}
)json");
}

TEST(ServerPrompts, StatelessEra) {
  Harness h(declare_prompts);
  auto out = h.transcript(R"({"jsonrpc":"2.0","id":1,"method":"server/discover","params":{)" + meta + R"(}}
    {"jsonrpc":"2.0","id":2,"method":"prompts/list","params":{)" + meta + R"(}}
    {"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"plain",)" + meta + R"(}}
    {"jsonrpc":"2.0","id":4,"method":"prompts/get","params":{"name":"nope",)" + meta + R"(}})");
  const std::vector<json::value> lines = json_lines(out);
  ASSERT_EQ(lines.size(), 4u) << out;
  EXPECT_EQ(json::serialize(lines[0].at("result").at("capabilities")),
            R"({"tools":{"listChanged":false},"prompts":{"listChanged":false},"logging":{}})");
  const auto& list = lines[1].at("result").as_object();
  EXPECT_EQ(list.at("ttlMs"), 3600000);
  EXPECT_EQ(list.at("cacheScope"), "public");
  EXPECT_EQ(list.at("prompts").as_array().size(), 2u);
  EXPECT_EQ(json::serialize(lines[2]),
            R"({"jsonrpc":"2.0","id":3,"result":{"messages":[{"role":"user","content":{"type":"text","text":"Just this."}}],)" +
                server_meta + "}}");
  EXPECT_EQ(json::serialize(lines[3]), R"({"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"Unknown prompt: nope"}})");
}

TEST(ServerPrompts, AServerWithoutPromptsDeclaresNone) {
  Harness h;
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"prompts/list"}
    {"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"greet"}}
  )");
  EXPECT_EQ(out, init_reply + "\n" + R"({"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: prompts/list"}}
{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found: prompts/get"}}
)");
}

}  // namespace
}  // namespace mcp_test
