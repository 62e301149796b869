// Each line that says "expect: <rule>" must be reported with that rule, and no other line.
#include <boost/asio/awaitable.hpp>
#include <string>

namespace net = boost::asio;

net::awaitable<int> get(std::string path, Query query);

net::awaitable<void> conditional(bool all, std::string type) {
  auto a = co_await get(all ? "/sync/history" : "/sync/history/" + type, Query());  // expect: conditional
  auto b = co_await get(std::string("/x"),
                        all ? Query() : Query(1));  // expect: conditional
  int c = all ? co_await get(type, Query()) : 0;  // expect: conditional
  if (co_await get(type, Query()) == (all ? 1 : 2)) co_return;  // expect: conditional
}

net::awaitable<void> lambdas(BlockingPool& pool, std::string s) {  // expect: reference
  co_await pool.run([&] { return s.size(); });  // expect: lambda
  auto n = co_await pool.run([s = std::move(s)]() mutable { return s; });  // expect: lambda
  co_await net::co_spawn(pool.get_executor(),
                         []() -> net::awaitable<void> { co_return; },  // expect: lambda
                         net::use_awaitable);
  co_await pool.run([]<class T>(T t) noexcept -> int { return 1; });  // expect: lambda
}

net::awaitable<void> braced(TraktApi& api, std::string path) {  // expect: reference
  auto r = co_await api.get(path, {});  // expect: braced
  auto q = co_await api.get(path, Query{{"extended", "full"}});  // expect: braced
  co_return co_await api.reply(path, http::status::ok, {});  // expect: braced
}

net::awaitable<void> refs(const std::string& a,  // expect: reference
                          std::string&& b,  // expect: reference
                          std::function<void(const std::string&)> by_value,
                          int* pointer) {
  co_return;
}

net::awaitable<void> Owner::member(std::vector<int>& v) {  // expect: reference
  co_await something();
}

auto trailing(const Big& big) -> net::awaitable<int> {  // expect: reference
  co_return big.size();
}

void spawner(net::io_context& io) {
  net::co_spawn(io, [](const std::string& s) -> boost::asio::awaitable<void> {  // expect: reference
    co_await other(s);
  }("x"), net::detached);
}
