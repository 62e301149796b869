// bench/map_page: our CPU per tools/call get_history, in process, on a
// recorded Trakt page. The whole path after the network: the JSON-RPC request,
// the argument check, the API client taking the page, parsing, mapping, the
// text lines, structuredContent and the serialized answer. The sender hands
// back the recorded answer at once, so nothing here waits.
//
//   map_page PAGE.json [--limit N] [--iterations N]
//
// Prints one JSON line: {"limit","pages","page_bytes","answer_bytes",
// "iterations","median_ms","p90_ms","min_ms"}. bench.mjs records a page from
// the stand-in and runs this; it is not a test.

#include "mcp/server.hpp"
#include "trakt/api.hpp"
#include "trakt/token_manager.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;

class MemoryStore final : public trakt::TokenStore {
public:
  trakt::Result<std::optional<trakt::Tokens>> load() const override {
    trakt::Tokens t;
    t.access_token = "bench-access";
    t.refresh_token = "bench-refresh";
    t.created_at = trakt::TokenManager::system_clock();
    t.expires_in = 7 * 86400;
    return std::optional<trakt::Tokens>(t);
  }
  trakt::Result<void> save(const trakt::Tokens&) const override { return {}; }
  trakt::Result<void> remove() const override { return {}; }
  std::string describe() const override { return "memory"; }
  std::optional<std::int64_t> change_stamp() const override { return 1; }
};

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

int usage() {
  std::cerr << "usage: map_page PAGE.json [--limit N] [--iterations N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  int limit = 250, iterations = 300;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--limit") limit = std::stoi(argv[i + 1]);
    else if (flag == "--iterations") iterations = std::stoi(argv[i + 1]);
    else return usage();
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "map_page: cannot read " << argv[1] << "\n";
    return 2;
  }
  const std::string body{std::istreambuf_iterator<char>(in), {}};
  const int pages = (limit + 249) / 250;

  net::io_context io;
  // Every page is the recorded one; the page count says as many as `limit` needs.
  trakt::TraktApi::Sender sender = [&](trakt::HttpRequest) -> net::awaitable<trakt::Result<trakt::HttpResponse>> {
    trakt::HttpResponse r;
    r.version(11);
    r.result(200);
    r.set(http::field::content_type, "application/json; charset=utf-8");
    r.set("X-Pagination-Page-Count", std::to_string(pages));
    r.body() = body;
    r.prepare_payload();
    co_return r;
  };
  trakt::TraktApi api(sender, "", trakt::ApiConfig{"bench", "bench", "trakt-mcp-bench/1"});
  auto refresher = [](std::string) -> net::awaitable<trakt::Result<trakt::Tokens>> {
    co_return trakt::Failure{trakt::FailureKind::not_logged_in, "no refresh in the benchmark"};
  };
  trakt::TokenManager tokens(io.get_executor(), std::make_shared<MemoryStore>(), refresher);
  api.use_tokens(tokens);

  mcp::ToolRegistry registry;
  trakt::register_tools(registry);
  std::string last;
  mcp::Server server(io.get_executor(), mcp::Catalog{registry}, mcp::ServerInfo{"bench", "bench", "0", ""},
                     [&](std::string message) { last = std::move(message); });
  server.set_call_scope(trakt::ApiProvider([&]() -> trakt::Result<trakt::TraktApi*> { return &api; }));
  server.handle(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
                R"("capabilities":{},"clientInfo":{"name":"bench","version":"0"}}})");
  server.handle(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  io.run();
  io.restart();

  const std::string call = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_history",)"
                           R"("arguments":{"limit":)" + std::to_string(limit) + "}}}";
  std::vector<double> ms;
  std::size_t answer_bytes = 0;
  for (int i = 0; i < iterations + 10; ++i) {
    last.clear();
    const double t0 = thread_cpu_ms();
    server.handle(call);
    io.run();
    io.restart();
    const double t = thread_cpu_ms() - t0;
    if (last.find("\"count\":" + std::to_string(limit)) == std::string::npos) {
      std::cerr << "map_page: unexpected answer: " << last.substr(0, 400) << "\n";
      return 1;
    }
    answer_bytes = last.size();
    if (i >= 10) ms.push_back(t);  // the first few warm the allocator and caches
  }
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[std::size_t(q * double(ms.size() - 1))]; };
  std::printf("{\"limit\":%d,\"pages\":%d,\"page_bytes\":%zu,\"answer_bytes\":%zu,\"iterations\":%d,"
              "\"median_ms\":%.4f,\"p90_ms\":%.4f,\"min_ms\":%.4f}\n",
              limit, pages, body.size(), answer_bytes, iterations, at(0.5), at(0.9), ms.front());
  return 0;
}
