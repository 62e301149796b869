// libFuzzer target: one MCP message (the bytes of one stdio line or one HTTP
// body) into mcp::Server, with a trivial tool and the three real Trakt tools
// (whose API provider fails, so no network is touched), run until idle.
//
// The same bytes go to three sessions: not yet initialized, initialized with
// 2025-03-26 (batches allowed, client logging at debug), and initialized with
// 2025-11-25. Checked: every message the server sends is one line of valid
// JSON (stdio framing), a JSON-RPC object or a batch of them, never empty;
// a single request with a valid id is answered exactly once, with that id.

#include "mcp/json_rpc.hpp"
#include "support/log.hpp"
#include "mcp/server.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace net = boost::asio;
namespace json = boost::json;

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "mcp_message: %s: %.*s\n", what, int(detail.size()), detail.data());
  std::abort();
}

const mcp::ToolRegistry& registry() {
  static const mcp::ToolRegistry r = [] {
    mcp::ToolRegistry reg;
    mcp::Tool echo;
    echo.name = "echo";
    echo.description = "Answers at once with its arguments";
    echo.args = {mcp::Arg{.name = "x", .type = mcp::Arg::Type::object, .description = "Anything."},
                 mcp::Arg{.name = "n", .type = mcp::Arg::Type::integer, .description = "A number.", .minimum = 0,
                          .maximum = 10}};
    echo.invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
      ctx.progress(1, 2, "half way");
      ctx.progress(2, std::nullopt, "");
      co_return mcp::ToolResult{json::serialize(args.values()), json::object{{"args", args.values()}}};
    };
    reg.add(std::move(echo));
    trakt::register_tools(reg);  // no call scope: a call says there is no account
    return reg;
  }();
  return r;
}

struct Session {
  net::io_context io;
  std::vector<std::string> out;
  mcp::Server server;

  explicit Session(const mcp::ToolRegistry& tools)
      : server(io.get_executor(), tools, {"fuzz", "Fuzz", "0", "instructions"},
               [this](std::string m) { out.push_back(std::move(m)); }) {}

  void feed(std::string_view message) {
    server.handle(message);
    io.restart();
    io.run();
  }
};

void check_message(const json::value& m, std::string_view text) {
  const json::object* o = m.if_object();
  if (!o) fail("a batch member or message is not an object", text);
  const json::value* v = o->if_contains("jsonrpc");
  if (!v || !v->is_string() || v->get_string() != "2.0") fail("no jsonrpc 2.0", text);
  const bool has_method = o->contains("method");
  const bool has_result = o->contains("result");
  const bool has_error = o->contains("error");
  if (int(has_method) + int(has_result) + int(has_error) != 1) fail("not exactly one of method/result/error", text);
  if (has_result || has_error) {
    const json::value* id = o->if_contains("id");
    if (!id || !(id->is_null() || mcp::jsonrpc::valid_id(*id))) fail("response id is not null/string/int", text);
  }
  if (has_error) {
    const json::object* e = o->at("error").if_object();
    if (!e || !e->contains("code") || !e->at("code").is_int64() || !e->contains("message") ||
        !e->at("message").is_string())
      fail("error without integer code and string message", text);
  }
}

// Every output: one line, valid JSON, JSON-RPC shaped. Returns the parsed values.
std::vector<json::value> check_outputs(const std::vector<std::string>& out) {
  std::vector<json::value> parsed;
  for (const auto& text : out) {
    if (text.empty()) fail("empty output message", text);
    if (text.find('\n') != std::string::npos || text.find('\r') != std::string::npos)
      fail("output contains a raw line break (breaks stdio framing)", text);
    json::parse_options opts;
    opts.max_depth = 100000;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec, {}, opts);
    if (ec) fail("output is not valid JSON", text);
    if (const auto* batch = v.if_array()) {
      if (batch->empty()) fail("empty batch answer", text);
      for (const auto& m : *batch) check_message(m, text);
    } else {
      check_message(v, text);
    }
    parsed.push_back(std::move(v));
  }
  return parsed;
}

// A single (non-batch) request with a usable id gets exactly one answer with that id.
void check_single_request(std::string_view input, const std::vector<json::value>& outputs) {
  json::parse_options opts;
  opts.max_depth = mcp::jsonrpc::max_depth;
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(input.data(), input.size()), ec, {}, opts);
  if (ec) return;
  auto in = mcp::jsonrpc::classify(v);
  if (in.kind != mcp::jsonrpc::Message::Kind::request) return;
  int answers = 0;
  for (const auto& m : outputs) {
    const auto* o = m.if_object();
    if (!o || o->contains("method")) continue;
    const json::value* id = o->if_contains("id");
    if (id && *id == in.id) ++answers;
  }
  if (answers != 1) fail("a request was not answered exactly once", input);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Keep the fuzzer's output readable: log lines still reach the sinks.
  support::log::set_stderr_level(support::LogLevel::emergency);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto& tools = registry();

  {
    Session s(tools);
    s.feed(input);
    check_single_request(input, check_outputs(s.out));
  }
  {
    Session s(tools);
    s.feed(R"({"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}})");
    s.feed(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    s.feed(R"({"jsonrpc":"2.0","id":"log","method":"logging/setLevel","params":{"level":"debug"}})");
    s.out.clear();
    s.feed(input);
    check_single_request(input, check_outputs(s.out));
  }
  {
    Session s(tools);
    s.feed(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})");
    s.out.clear();
    s.feed(input);
    // The same id again, now that the first call is finished: must be accepted again.
    s.feed(input);
    check_outputs(s.out);
  }
  return 0;
}
