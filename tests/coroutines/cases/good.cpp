// Nothing here breaks a rule: the checker must report no line of this file.
#include <boost/asio/awaitable.hpp>
#include <string>

namespace net = boost::asio;

net::awaitable<int> get(std::string path, Query query);

// Named first, as the rules want.
[[nodiscard]] net::awaitable<void> named(bool all, std::string type, std::vector<int> v, BlockingPool* pool) {
  std::string path = all ? std::string("/sync/history") : "/sync/history/" + type;
  Query none;
  auto a = co_await get(std::move(path), std::move(none));
  auto work = [&] { return type.size(); };
  co_await pool->run(std::move(work));
  auto b = co_await get(type + "[&]{}?", std::move(none));  // strings: "a ? b : c", '[', [&]{ }
  auto c = co_await get(type, v[0] ? none : none2);  // coroutine-rules: allow conditional -- a test of the marker
  auto d = co_await get(type, names[i]);  // a subscript, not a lambda
  int e = all ? 1 : 2;  // a conditional outside any co_await expression
  auto f = [](int x) { return x ? 1 : 2; };  // a lambda outside any co_await expression
  /* co_await get(all ? x : y, {}) in a comment */
  Query q{{"limit", "1"}};  // braces outside co_await
  if (all) {
    co_return;
  }
  for (auto x : v) {
    co_await get(type, std::move(none));
  }
}

// Not a coroutine (no co_await, co_return, co_yield): its references are used before it returns.
net::awaitable<void> forward(const Tool& tool, Call call) {
  return run(tool.invoke, std::move(call));
}

// A lambda coroutine inside a plain function with reference parameters.
void plain(const std::string& s, net::io_context& io) {
  auto task = [s]() -> net::awaitable<void> { co_await other(s); };
  net::co_spawn(io, std::move(task), net::detached);
}

// coroutine-rules: allow reference -- the marker on the line before
net::awaitable<void> allowed(Server& server) {
  co_await server.run();
}

std::function<net::awaitable<Result<Tokens>>(std::string refresh_token)> refresher;
auto raw = R"json({"a": [1, 2], "b": co_await x ? y : z})json";
