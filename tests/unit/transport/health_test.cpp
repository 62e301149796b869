// /healthz and /readyz as the transport answers them (health_response): who
// is ready, what a probe may ask, and that other paths are not theirs.

#include "transport/http.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>
#include <stdexcept>
#include <string>

namespace net = boost::asio;

namespace {

using Readiness = std::function<net::awaitable<std::string>()>;

std::optional<support::WebResponse> ask(std::string method, std::string target, Readiness readiness = nullptr) {
  net::io_context io;
  std::optional<support::WebResponse> out;
  bool done = false;
  net::co_spawn(io, transport::health_response(std::move(method), std::move(target), std::move(readiness)),
                [&](std::exception_ptr e, std::optional<support::WebResponse> r) {
                  if (e) std::rethrow_exception(e);
                  out = std::move(r);
                  done = true;
                });
  io.run();
  EXPECT_TRUE(done);
  return out;
}

Readiness says(std::string problem) {
  return [problem]() -> net::awaitable<std::string> { co_return problem; };
}

TEST(Health, HealthzIsAliveWhateverTheStore) {
  auto r = ask("GET", "/healthz", says("the store does not answer"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok\n");
}

TEST(Health, ReadyzFollowsReadiness) {
  EXPECT_EQ(ask("GET", "/readyz")->status, 200);  // no hook: alive is ready
  EXPECT_EQ(ask("GET", "/readyz", says(""))->status, 200);
  auto down = ask("GET", "/readyz", says("the store does not answer"));
  EXPECT_EQ(down->status, 503);
  EXPECT_EQ(down->body, "not ready: the store does not answer\n");
  Readiness throws = []() -> net::awaitable<std::string> {
    throw std::runtime_error("boom");
    co_return std::string();
  };
  EXPECT_EQ(ask("GET", "/readyz", throws)->status, 503);
}

TEST(Health, OnlyGetAndHeadOnlyTheirPaths) {
  auto head = ask("HEAD", "/readyz", says("down"));
  EXPECT_EQ(head->status, 503);
  EXPECT_EQ(head->body, "");
  auto post = ask("POST", "/healthz");
  EXPECT_EQ(post->status, 405);
  EXPECT_FALSE(ask("GET", "/mcp"));
  EXPECT_FALSE(ask("GET", "/healthz/x"));
}

}  // namespace
