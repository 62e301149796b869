// Resources: URI template matching, the registry, and golden transcripts of
// resources/list, resources/templates/list and resources/read through
// mcp::Server in both eras, reading through the harness's fake tools.

#include "harness.hpp"

#include "mcp/resource.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace mcp_test {
namespace {

using mcp::match_uri_template;
using mcp::UriVariables;

const std::string meta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}})";
const std::string server_meta =
    R"("resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"trakt-mcp","title":"Trakt","version":"0.1.0"}})";

const std::string init_reply_resources =
    R"({"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":false},"resources":{"listChanged":false},"logging":{}},"serverInfo":{"name":"trakt-mcp","title":"Trakt","version":"0.1.0"},"instructions":"Use the tools."}})";

// -- templates --------------------------------------------------------------------------

TEST(UriTemplate, MatchesOneVariableAndDecodesIt) {
  EXPECT_EQ(match_uri_template("trakt://movie/{id}", "trakt://movie/heat-1995"), (UriVariables{{"id", "heat-1995"}}));
  EXPECT_EQ(match_uri_template("trakt://movie/{id}", "trakt://movie/tt0113277"), (UriVariables{{"id", "tt0113277"}}));
  EXPECT_EQ(match_uri_template("trakt://movie/{id}", "trakt://movie/a%20b%2Fc"), (UriVariables{{"id", "a b/c"}}));
  EXPECT_EQ(match_uri_template("x://{id}.json", "x://42.json"), (UriVariables{{"id", "42"}}));
  EXPECT_EQ(match_uri_template("x://{a}/y/{b}", "x://1/y/2"), (UriVariables{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(match_uri_template("x://fixed", "x://fixed"), UriVariables{});
}

TEST(UriTemplate, RefusesWhatItDoesNotName) {
  EXPECT_FALSE(match_uri_template("trakt://movie/{id}", "trakt://show/1"));
  EXPECT_FALSE(match_uri_template("trakt://movie/{id}", "trakt://movie/"));       // empty value
  EXPECT_FALSE(match_uri_template("trakt://movie/{id}", "trakt://movie/1/2"));    // '/' is not in a simple value
  EXPECT_FALSE(match_uri_template("trakt://movie/{id}", "trakt://movie/1?x=2"));  // nor '?'
  EXPECT_FALSE(match_uri_template("trakt://movie/{id}", "trakt://movie/1#top"));  // nor '#'
  EXPECT_FALSE(match_uri_template("trakt://movie/{id}", "trakt://movie/%zz"));    // bad escape
  EXPECT_FALSE(match_uri_template("trakt://movie/{id}", "trakt://movie/%2"));     // cut escape
  EXPECT_FALSE(match_uri_template("x://{id}.json", "x://42.txt"));
  EXPECT_FALSE(match_uri_template("x://fixed", "x://fixed/more"));
  EXPECT_FALSE(match_uri_template("x://fixed", "x://fix"));
}

TEST(UriTemplate, MalformedTemplatesMatchNothing) {
  EXPECT_FALSE(match_uri_template("x://{id", "x://{id"));
  EXPECT_FALSE(match_uri_template("x://{}", "x://{}"));
  EXPECT_FALSE(match_uri_template("x://{a}{b}", "x://12"));     // two variables cannot be told apart
  EXPECT_FALSE(match_uri_template("x://{+path}", "x://a/b"));   // level 2 and up: not supported
  EXPECT_FALSE(match_uri_template("x://a}", "x://a}"));
}

// -- registry ---------------------------------------------------------------------------

mcp::ReadHandler never() {
  return [](std::string, UriVariables, mcp::CallContext) -> net::awaitable<mcp::ReadResult> {
    co_return mcp::ReadResult{};
  };
}

TEST(ResourceRegistry, FixedResourcesFirstThenTheFirstMatchingTemplate) {
  mcp::ResourceRegistry r;
  EXPECT_TRUE(r.empty());
  r.add(mcp::ResourceTemplate{"x://item/{id}", "item", "", "", "", never()});
  r.add(mcp::ResourceTemplate{"x://{kind}/{id}", "any", "", "", "", never()});
  r.add(mcp::Resource{"x://item/special", "special", "", "", "", never()});
  EXPECT_FALSE(r.empty());

  auto special = r.find("x://item/special");
  EXPECT_EQ(special.read, &r.resources()[0].read);
  EXPECT_TRUE(special.variables.empty());
  auto item = r.find("x://item/7");
  EXPECT_EQ(item.read, &r.templates()[0].read);
  EXPECT_EQ(item.variables, (UriVariables{{"id", "7"}}));
  auto other = r.find("x://show/8");
  EXPECT_EQ(other.read, &r.templates()[1].read);
  EXPECT_EQ(other.variables, (UriVariables{{"kind", "show"}, {"id", "8"}}));
  EXPECT_EQ(r.find("y://item/7").read, nullptr);
}

TEST(ResourceDescribe, LeavesOutWhatIsEmpty) {
  EXPECT_EQ(boost::json::serialize(describe(mcp::Resource{"x://a", "a", "", "", "", never()})),
            R"({"uri":"x://a","name":"a"})");
  EXPECT_EQ(boost::json::serialize(describe(mcp::ResourceTemplate{"x://{id}", "t", "T", "D", "text/plain", never()})),
            R"({"uriTemplate":"x://{id}","name":"t","title":"T","description":"D","mimeType":"text/plain"})");
}

// -- through a Server -------------------------------------------------------------------

void declare_resources(const mcp::ToolRegistry& tools, mcp::ResourceRegistry& resources, mcp::PromptRegistry&) {
  resources.add(mcp::Resource{"test://echo", "echo", "Echo", "What echo says.", "text/plain",
                              mcp::read_through_tool(tools, "echo", [](const UriVariables&) {
                                return json::object{{"x", json::array{1, 2}}};
                              })});
  resources.add(mcp::Resource{"test://fail", "fail", "", "", "", mcp::read_through_tool(tools, "fail", nullptr)});
  resources.add(mcp::Resource{"test://slow", "slow", "", "", "", mcp::read_through_tool(tools, "slow", nullptr)});
  resources.add(mcp::Resource{"test://throws", "throws", "", "", "", mcp::read_through_tool(tools, "throws", nullptr)});
  resources.add(mcp::Resource{"test://gone", "gone", "", "", "", mcp::read_through_tool(tools, "no_such_tool", nullptr)});
  // The tool's own checks apply: "y" is not an argument of echo.
  resources.add(mcp::Resource{"test://bad-args", "bad-args", "", "", "",
                              mcp::read_through_tool(tools, "echo", [](const UriVariables&) {
                                return json::object{{"y", 1}};
                              })});
  // progress has no structured content: only the text comes back.
  resources.add(mcp::Resource{"test://text-only", "text-only", "", "", "",
                              mcp::read_through_tool(tools, "progress", nullptr)});
  resources.add(mcp::ResourceTemplate{"test://item/{id}", "item", "Item", "One item.", "text/plain",
                                      mcp::read_through_tool(tools, "echo", [](const UriVariables& v) {
                                        return json::object{{"x", json::array{v.at("id")}}};
                                      })});
}

TEST(ServerResources, ListsAndCapabilitiesInTheLegacyEra) {
  Harness h(declare_resources);
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"resources/list"}
    {"jsonrpc":"2.0","id":2,"method":"resources/templates/list","params":{}}
    {"jsonrpc":"2.0","id":3,"method":"resources/list","params":{"cursor":"next"}}
    {"jsonrpc":"2.0","id":4,"method":"resources/templates/list","params":{"cursor":7}}
    {"jsonrpc":"2.0","id":5,"method":"prompts/list"}
  )");
  EXPECT_EQ(out, R"json({"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":false},"resources":{"listChanged":false},"logging":{}},"serverInfo":{"name":"trakt-mcp","title":"Trakt","version":"0.1.0"},"instructions":"Use the tools."}}
{"jsonrpc":"2.0","id":1,"result":{"resources":[{"uri":"test://echo","name":"echo","title":"Echo","description":"What echo says.","mimeType":"text/plain"},{"uri":"test://fail","name":"fail"},{"uri":"test://slow","name":"slow"},{"uri":"test://throws","name":"throws"},{"uri":"test://gone","name":"gone"},{"uri":"test://bad-args","name":"bad-args"},{"uri":"test://text-only","name":"text-only"}]}}
{"jsonrpc":"2.0","id":2,"result":{"resourceTemplates":[{"uriTemplate":"test://item/{id}","name":"item","title":"Item","description":"One item.","mimeType":"text/plain"}]}}
{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"Invalid params: unknown cursor \"next\" (every list here fits on one page)"}}
{"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"Invalid params: \"cursor\" must be a string"}}
{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"Method not found: prompts/list"}}
)json");
}

TEST(ServerResources, ReadGivesTheToolsTextAndItsStructuredContent) {
  Harness h(declare_resources);
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://echo"}}
    {"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"test://item/a%20b"}}
    {"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"test://text-only"}}
  )");
  EXPECT_EQ(out, init_reply_resources + "\n" + R"json({"jsonrpc":"2.0","id":1,"result":{"contents":[{"uri":"test://echo","mimeType":"text/plain","text":"{\"x\":[1,2]}"},{"uri":"test://echo","mimeType":"application/json","text":"{\"x\":[1,2]}"}]}}
{"jsonrpc":"2.0","id":2,"result":{"contents":[{"uri":"test://item/a%20b","mimeType":"text/plain","text":"{\"x\":[\"a b\"]}"},{"uri":"test://item/a%20b","mimeType":"application/json","text":"{\"x\":[\"a b\"]}"}]}}
{"jsonrpc":"2.0","id":3,"result":{"contents":[{"uri":"test://text-only","mimeType":"text/plain","text":"done"}]}}
)json");
}

TEST(ServerResources, ErrorsNameTheUri) {
  Harness h(declare_resources);
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://nowhere"}}
    {"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"test://item/"}}
    {"jsonrpc":"2.0","id":3,"method":"resources/read","params":{}}
    {"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"test://fail"}}
    {"jsonrpc":"2.0","id":5,"method":"resources/read","params":{"uri":"test://gone"}}
    {"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"test://bad-args"}}
    {"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"test://throws"}}
  )");
  EXPECT_EQ(out, init_reply_resources + "\n" + R"json({"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Resource not found: test://nowhere","data":{"uri":"test://nowhere"}}}
{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Resource not found: test://item/","data":{"uri":"test://item/"}}}
{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"Invalid params: resources/read needs a string \"uri\""}}
{"jsonrpc":"2.0","id":4,"error":{"code":-32603,"message":"Could not read test://fail: it failed","data":{"uri":"test://fail"}}}
{"jsonrpc":"2.0","id":5,"error":{"code":-32603,"message":"Could not read test://gone: The tool no_such_tool behind this resource is not available.","data":{"uri":"test://gone"}}}
{"jsonrpc":"2.0","id":6,"error":{"code":-32603,"message":"Could not read test://bad-args: Unknown argument \"y\". This tool takes: x.","data":{"uri":"test://bad-args"}}}
{"jsonrpc":"2.0","id":7,"error":{"code":-32603,"message":"Internal error reading test://throws: boom","data":{"uri":"test://throws"}}}
)json");
  EXPECT_EQ(h.server->in_flight(), 0u);
}

TEST(ServerResources, AReadIsCancelledLikeAToolCall) {
  Harness h(declare_resources);
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":"r","method":"resources/read","params":{"uri":"test://slow"}}
    {"jsonrpc":"2.0","id":"r","method":"resources/read","params":{"uri":"test://slow"}}
    {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"r"}}
  )");
  // The second read may not share the id of one in flight; the first is never answered.
  EXPECT_EQ(out, init_reply_resources + "\n" +
                     R"({"jsonrpc":"2.0","id":"r","error":{"code":-32600,"message":"Invalid Request: id \"r\" is already in use by a request in flight"}})" +
                     "\n");
  EXPECT_TRUE(h.seen->slow_started);
  EXPECT_TRUE(h.seen->slow_cancelled);
  EXPECT_EQ(h.server->in_flight(), 0u);
}

TEST(ServerResources, StatelessResultsCarryCachingHints) {
  Harness h(declare_resources);
  auto out = h.transcript(R"({"jsonrpc":"2.0","id":1,"method":"server/discover","params":{)" + meta + R"(}}
    {"jsonrpc":"2.0","id":2,"method":"resources/list","params":{)" + meta + R"(}}
    {"jsonrpc":"2.0","id":3,"method":"resources/templates/list","params":{)" + meta + R"(}}
    {"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"test://item/7",)" + meta + R"(}}
    {"jsonrpc":"2.0","id":5,"method":"resources/read","params":{"uri":"test://nowhere",)" + meta + R"(}}
    {"jsonrpc":"2.0","id":6,"method":"resources/subscribe","params":{"uri":"test://echo",)" + meta + R"(}})");
  const std::vector<json::value> lines = json_lines(out);
  ASSERT_EQ(lines.size(), 6u) << out;
  EXPECT_EQ(json::serialize(lines[0].at("result").at("capabilities")),
            R"({"tools":{"listChanged":false},"resources":{"listChanged":false},"logging":{}})");
  // The lists never change while the process runs and are the same for everyone.
  for (int i : {1, 2}) {
    const auto& r = lines[i].at("result").as_object();
    EXPECT_EQ(r.at("ttlMs"), 3600000) << out;
    EXPECT_EQ(r.at("cacheScope"), "public");
    EXPECT_EQ(r.at("resultType"), "complete");
  }
  EXPECT_EQ(lines[1].at("result").at("resources").as_array().size(), h.resources.resources().size());
  EXPECT_EQ(lines[2].at("result").at("resourceTemplates").as_array().size(), 1u);
  // What a resource holds is the user's data: never fresh, never shared.
  EXPECT_EQ(json::serialize(lines[3]),
            R"({"jsonrpc":"2.0","id":4,"result":{"contents":[{"uri":"test://item/7","mimeType":"text/plain","text":"{\"x\":[\"7\"]}"},{"uri":"test://item/7","mimeType":"application/json","text":"{\"x\":[\"7\"]}"}],"ttlMs":0,"cacheScope":"private",)" +
                server_meta + "}}");
  EXPECT_EQ(json::serialize(lines[4]),
            R"({"jsonrpc":"2.0","id":5,"error":{"code":-32602,"message":"Resource not found: test://nowhere","data":{"uri":"test://nowhere"}}})");
  EXPECT_EQ(lines[5].at("error").at("code"), -32601);
}

TEST(ServerResources, AServerWithoutResourcesDeclaresNone) {
  Harness h;  // tools only, as the core build and the transports' tests make it
  auto out = h.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"resources/list"}
    {"jsonrpc":"2.0","id":2,"method":"resources/templates/list"}
    {"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"test://echo"}}
  )");
  EXPECT_EQ(out, init_reply + "\n" + R"({"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: resources/list"}}
{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found: resources/templates/list"}}
{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found: resources/read"}}
)");
}

// An MCP App's page and a binary resource: _meta on the listing and on the
// contents, and a blob instead of text, the same in both eras.
void declare_app_resources(const mcp::ToolRegistry&, mcp::ResourceRegistry& resources, mcp::PromptRegistry&) {
  const json::object ui{{"ui", json::object{{"prefersBorder", true}}}};
  resources.add(mcp::Resource{"ui://x/view.html", "view", "", "", "text/html;profile=mcp-app",
                              [ui](std::string uri, UriVariables, mcp::CallContext) -> net::awaitable<mcp::ReadResult> {
                                mcp::ReadResult r;
                                r.contents.push_back({std::move(uri), "text/html;profile=mcp-app", "<p>hi</p>", false, ui});
                                co_return r;
                              },
                              ui});
  resources.add(mcp::ResourceTemplate{"x://img/{id}", "img", "", "", "image/webp",
                                      [](std::string uri, UriVariables, mcp::CallContext) -> net::awaitable<mcp::ReadResult> {
                                        mcp::ReadResult r;
                                        r.contents.push_back({std::move(uri), "image/webp", "UklGRg==", true, {}});
                                        co_return r;
                                      },
                                      json::object{{"k", 1}}});
}

TEST(ServerResources, MetaAndBlobsInBothEras) {
  Harness legacy(declare_app_resources);
  auto out = legacy.transcript(std::string(init_line) + R"(
    {"jsonrpc":"2.0","id":1,"method":"resources/list"}
    {"jsonrpc":"2.0","id":2,"method":"resources/templates/list"}
    {"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"ui://x/view.html"}}
    {"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"x://img/7"}}
  )");
  EXPECT_EQ(out, init_reply_resources + "\n" + R"json({"jsonrpc":"2.0","id":1,"result":{"resources":[{"uri":"ui://x/view.html","name":"view","mimeType":"text/html;profile=mcp-app","_meta":{"ui":{"prefersBorder":true}}}]}}
{"jsonrpc":"2.0","id":2,"result":{"resourceTemplates":[{"uriTemplate":"x://img/{id}","name":"img","mimeType":"image/webp","_meta":{"k":1}}]}}
{"jsonrpc":"2.0","id":3,"result":{"contents":[{"uri":"ui://x/view.html","mimeType":"text/html;profile=mcp-app","text":"<p>hi</p>","_meta":{"ui":{"prefersBorder":true}}}]}}
{"jsonrpc":"2.0","id":4,"result":{"contents":[{"uri":"x://img/7","mimeType":"image/webp","blob":"UklGRg=="}]}}
)json");

  Harness stateless(declare_app_resources);
  out = stateless.transcript(R"({"jsonrpc":"2.0","id":1,"method":"resources/list","params":{)" + meta + R"(}}
    {"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"ui://x/view.html",)" + meta + R"(}}
    {"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"x://img/7",)" + meta + R"(}})");
  const std::vector<json::value> lines = json_lines(out);
  ASSERT_EQ(lines.size(), 3u) << out;
  EXPECT_EQ(json::serialize(lines[0].at("result").at("resources").at(0).at("_meta")), R"({"ui":{"prefersBorder":true}})");
  EXPECT_EQ(json::serialize(lines[1].at("result").at("contents")),
            R"([{"uri":"ui://x/view.html","mimeType":"text/html;profile=mcp-app","text":"<p>hi</p>","_meta":{"ui":{"prefersBorder":true}}}])");
  EXPECT_EQ(json::serialize(lines[2].at("result").at("contents")),
            R"([{"uri":"x://img/7","mimeType":"image/webp","blob":"UklGRg=="}])");
}

TEST(ServerResources, NeedInitializeInTheLegacyEra) {
  Harness h(declare_resources);
  auto out = h.transcript(R"({"jsonrpc":"2.0","id":1,"method":"resources/list"})");
  EXPECT_EQ(out, R"({"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Server not initialized: send initialize first"}})"
                 "\n");
}

}  // namespace
}  // namespace mcp_test
