// JSON-RPC framing: parsing bounds and the sort of every incoming message.

#include "mcp/json_rpc.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace {

namespace json = boost::json;
using mcp::jsonrpc::Message;

Message::Kind kind_of(std::string_view text) {
  static json::value keep;  // classify points into its argument
  keep = json::parse(text);
  return mcp::jsonrpc::classify(keep).kind;
}

TEST(JsonRpcParse, ValidAndInvalid) {
  auto ok = mcp::jsonrpc::parse(R"({"a":[1,2]})", 64);
  EXPECT_TRUE(ok.error.empty());
  EXPECT_EQ(json::serialize(ok.value), R"({"a":[1,2]})");
  EXPECT_EQ(mcp::jsonrpc::parse("{", 64).error, "Parse error: incomplete JSON");
  EXPECT_EQ(mcp::jsonrpc::parse("[[[1]]]", 2).error, "Parse error: nesting deeper than 2 levels");
  EXPECT_TRUE(mcp::jsonrpc::parse("[[1]]", 2).error.empty());
}

TEST(JsonRpcClassify, Kinds) {
  EXPECT_EQ(kind_of(R"({"jsonrpc":"2.0","id":1,"method":"m"})"), Message::Kind::request);
  EXPECT_EQ(kind_of(R"({"jsonrpc":"2.0","id":"x","method":"m","params":{}})"), Message::Kind::request);
  EXPECT_EQ(kind_of(R"({"jsonrpc":"2.0","method":"m"})"), Message::Kind::notification);
  EXPECT_EQ(kind_of(R"({"jsonrpc":"2.0","id":1,"result":{}})"), Message::Kind::response);
  EXPECT_EQ(kind_of(R"({"jsonrpc":"2.0","id":1,"error":{"code":1,"message":""}})"), Message::Kind::response);
  EXPECT_EQ(kind_of(R"({"jsonrpc":"2.0","id":1})"), Message::Kind::invalid);
  EXPECT_EQ(kind_of(R"({"jsonrpc":"2.0","id":true,"method":"m"})"), Message::Kind::invalid);
  EXPECT_EQ(kind_of(R"({"jsonrpc":"2.0","id":1.0,"method":"m"})"), Message::Kind::invalid);
  EXPECT_EQ(kind_of(R"({"jsonrpc":2,"id":1,"method":"m"})"), Message::Kind::invalid);
  EXPECT_EQ(kind_of(R"([])"), Message::Kind::invalid);
  EXPECT_EQ(kind_of(R"(null)"), Message::Kind::invalid);
}

TEST(JsonRpcClassify, InvalidKeepsAUsableId) {
  json::value v = json::parse(R"({"jsonrpc":"1.0","id":"abc","method":"m"})");
  auto in = mcp::jsonrpc::classify(v);
  EXPECT_EQ(in.kind, Message::Kind::invalid);
  EXPECT_EQ(json::serialize(in.id), R"("abc")");
  v = json::parse(R"({"jsonrpc":"2.0","id":[1],"method":"m"})");
  in = mcp::jsonrpc::classify(v);
  EXPECT_TRUE(in.id.is_null());
}

TEST(JsonRpcClassify, RequestFields) {
  json::value v = json::parse(R"({"jsonrpc":"2.0","id":-5,"method":"tools/call","params":{"name":"x"}})");
  auto in = mcp::jsonrpc::classify(v);
  ASSERT_EQ(in.kind, Message::Kind::request);
  EXPECT_EQ(in.method, "tools/call");
  EXPECT_EQ(json::serialize(in.id), "-5");
  ASSERT_NE(in.params, nullptr);
  EXPECT_EQ(json::serialize(*in.params), R"({"name":"x"})");
}

TEST(JsonRpcBuild, Shapes) {
  EXPECT_EQ(json::serialize(mcp::jsonrpc::make_result(3, json::object{})),
            R"({"jsonrpc":"2.0","id":3,"result":{}})");
  EXPECT_EQ(json::serialize(mcp::jsonrpc::make_error(nullptr, -32700, "bad")),
            R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}})");
  EXPECT_EQ(json::serialize(mcp::jsonrpc::make_notification("n", {{"a", 1}})),
            R"({"jsonrpc":"2.0","method":"n","params":{"a":1}})");
  EXPECT_EQ(json::serialize(mcp::jsonrpc::number(3.0)), "3");
  EXPECT_EQ(json::serialize(mcp::jsonrpc::number(-2.0)), "-2");
  EXPECT_TRUE(mcp::jsonrpc::number(0.25).is_double());
}

}  // namespace
