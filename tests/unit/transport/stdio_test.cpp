// StdioTransport over real pipes and files: framing, bounds, EOF handling.

#include "mcp/harness.hpp"
#include "support/posix.hpp"
#include "transport/stdio.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <functional>
#include <thread>

namespace mcp_test {
namespace {

const std::string ping_line = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
const std::string pong = R"({"jsonrpc":"2.0","id":1,"result":{}})";

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int fds[2];
    if (support::open_cloexec_pipe(fds)) {
      r = fds[0];
      w = fds[1];
    }
  }
  ~Pipe() {
    if (r >= 0) ::close(r);
    if (w >= 0) ::close(w);
  }
  static int take(int& fd) { return std::exchange(fd, -1); }
};

struct Result {
  std::string output;
  bool finished = false;
};

// Runs a StdioTransport + Server with stdin fed by `feed` (on its own thread,
// then closed) unless in_fd is given, and returns what reached stdout.
Result run_session(std::function<void(int)> feed, std::optional<int> in_fd = std::nullopt,
                   std::size_t max_line = 4 * 1024 * 1024) {
  Pipe in, out;
  std::thread writer;
  if (in_fd) {
    ::close(Pipe::take(in.w));
  } else {
    writer = std::thread([feed, w = Pipe::take(in.w)] {
      feed(w);
      ::close(w);
    });
  }
  std::string output;
  std::thread reader([&output, r = out.r] {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(r, buf, sizeof buf)) > 0) output.append(buf, static_cast<std::size_t>(n));
  });

  Result result;
  {
    net::io_context io;
    auto seen = std::make_shared<Observed>();
    mcp::ToolRegistry tools = fake_tools(seen);
    transport::StdioTransport t(io.get_executor(),
                                {.max_line_bytes = max_line, .in_fd = in_fd.value_or(in.r), .out_fd = out.w});
    // The transport holds its own duplicates; ours must go for EOF to happen.
    ::close(Pipe::take(in.r));
    ::close(Pipe::take(out.w));
    mcp::Server server(io.get_executor(), tools, test_info(), [&t](std::string m) { t.send(std::move(m)); });
    net::co_spawn(
        io,
        [](transport::StdioTransport* t, mcp::Server* s, bool* done) -> net::awaitable<void> {
          co_await t->run(*s);
          *done = true;
        }(&t, &server, &result.finished),
        net::detached);
    io.run_for(std::chrono::seconds(30));
  }
  if (writer.joinable()) writer.join();
  reader.join();
  result.output = std::move(output);
  return result;
}

Result run_input(std::string input) {
  return run_session([input](int fd) { write_all(fd, input); });
}

TEST(Stdio, OversizedLineIsSkippedAndSessionGoesOn) {
  support::log::set_stderr_level(support::LogLevel::emergency);
  std::string big = R"({"jsonrpc":"2.0","id":7,"method":"ping","params":{"x":")" + std::string(5 * 1024 * 1024, 'x') +
                    "\"}}\n";
  auto r = run_input(big + ping_line + "\n");
  EXPECT_TRUE(r.finished);
  EXPECT_EQ(r.output,
            R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Message too large: limit is 4194304 bytes"}})"
            "\n" +
                pong + "\n");
}

TEST(Stdio, LineAtTheLimitIsAccepted) {
  const std::size_t limit = ping_line.size();
  auto r = run_session([](int fd) { write_all(fd, ping_line + "\n" + ping_line + " \n" + ping_line + "\n"); },
                       std::nullopt, limit);
  EXPECT_EQ(r.output, pong + "\n" +
                          R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Message too large: limit is )" +
                          std::to_string(limit) + " bytes\"}}\n" + pong + "\n");
}

TEST(Stdio, EofAfterInFlightCallStillAnswers) {
  auto r = run_input(std::string(init_line) + "\n" +
                     R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{"ms":100}}})"
                     "\n");
  EXPECT_TRUE(r.finished);
  EXPECT_EQ(r.output, init_reply + "\n" +
                          R"({"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"slow 100"}]}})"
                          "\n");
}

TEST(Stdio, CrLfBlankLinesAndNoFinalNewline) {
  auto r = run_input("\n\r\n   \n" + ping_line + "\r\n\n" + R"({"jsonrpc":"2.0","id":2,"method":"ping"})");
  EXPECT_EQ(r.output, pong + "\n" + R"({"jsonrpc":"2.0","id":2,"result":{}})" + "\n");
}

TEST(Stdio, ByteByByteInput) {
  auto r = run_session([](int fd) {
    const std::string input = ping_line + "\n" + ping_line + "\n";
    for (char c : input) {
      write_all(fd, std::string_view(&c, 1));
      if (c == '"') std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  EXPECT_EQ(r.output, pong + "\n" + pong + "\n");
}

TEST(Stdio, ManyPipelinedPingsAnsweredInOrder) {
  std::string input, expected;
  for (int i = 0; i < 20000; ++i) {
    input += R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"method":"ping"})" + "\n";
    expected += R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"result":{}})" + "\n";
  }
  auto r = run_input(input);
  EXPECT_TRUE(r.output == expected) << r.output.size() << " bytes vs " << expected.size();
}

TEST(Stdio, RegularFileAsStdin) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  const std::string input = ping_line + "\n";
  std::fwrite(input.data(), 1, input.size(), f);
  std::fflush(f);
  std::rewind(f);
  auto r = run_session({}, ::fileno(f));
  std::fclose(f);
  EXPECT_TRUE(r.finished);
  EXPECT_EQ(r.output, pong + "\n");
}

TEST(Stdio, DevNullAsStdin) {
  int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  auto r = run_session({}, fd);
  ::close(fd);
  EXPECT_TRUE(r.finished);
  EXPECT_EQ(r.output, "");
}

TEST(Stdio, ClosedStdinIsEof) {
  auto r = run_session({}, -1);
  EXPECT_TRUE(r.finished);
  EXPECT_EQ(r.output, "");
}

TEST(Stdio, BrokenStdoutDoesNotCrash) {
  std::signal(SIGPIPE, SIG_IGN);
  support::log::set_stderr_level(support::LogLevel::emergency);
  Pipe in, out;
  ::close(Pipe::take(out.r));  // nobody reads: writes fail with EPIPE
  std::string input;
  for (int i = 0; i < 100; ++i) input += ping_line + "\n";
  write_all(in.w, input);
  ::close(Pipe::take(in.w));

  net::io_context io;
  mcp::ToolRegistry tools = fake_tools(std::make_shared<Observed>());
  transport::StdioTransport t(io.get_executor(), {.in_fd = in.r, .out_fd = out.w});
  mcp::Server server(io.get_executor(), tools, test_info(), [&t](std::string m) { t.send(std::move(m)); });
  bool done = false;
  net::co_spawn(
      io,
      [](transport::StdioTransport* t, mcp::Server* s, bool* done) -> net::awaitable<void> {
        co_await t->run(*s);
        *done = true;
      }(&t, &server, &done),
      net::detached);
  io.run_for(std::chrono::seconds(10));
  EXPECT_TRUE(done);
}

// The client closes its end of stdout but not stdin: nobody can read answers,
// so run() returns without waiting for stdin EOF.
TEST(Stdio, ClosedStdoutReaderEndsRunWhileStdinStaysOpen) {
  std::signal(SIGPIPE, SIG_IGN);
  support::log::set_stderr_level(support::LogLevel::emergency);
  Pipe in, out;
  ::close(Pipe::take(out.r));

  net::io_context io;
  mcp::ToolRegistry tools = fake_tools(std::make_shared<Observed>());
  transport::StdioTransport t(io.get_executor(), {.in_fd = in.r, .out_fd = out.w});
  mcp::Server server(io.get_executor(), tools, test_info(), [&t](std::string m) { t.send(std::move(m)); });
  bool done = false;
  net::co_spawn(
      io,
      [](transport::StdioTransport* t, mcp::Server* s, bool* done) -> net::awaitable<void> {
        co_await t->run(*s);
        *done = true;
      }(&t, &server, &done),
      net::detached);
  const auto start = std::chrono::steady_clock::now();
  io.run_for(std::chrono::seconds(10));
  EXPECT_TRUE(done);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_GE(in.w, 0);  // stdin was never closed
}

// The same while a call runs and nothing is being written (no write fails):
// the hang-up is seen, the call is cancelled and never answered, run() returns.
TEST(Stdio, StdoutHangUpWhileIdleAbandonsCallsInFlight) {
  std::signal(SIGPIPE, SIG_IGN);
  support::log::set_stderr_level(support::LogLevel::emergency);
  Pipe in, out;
  write_all(in.w, std::string(init_line) + "\n" +
                      R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{"ms":60000}}})"
                      "\n");

  net::io_context io;
  auto seen = std::make_shared<Observed>();
  mcp::ToolRegistry tools = fake_tools(seen);
  transport::StdioTransport t(io.get_executor(), {.in_fd = in.r, .out_fd = out.w});
  mcp::Server server(io.get_executor(), tools, test_info(), [&t](std::string m) { t.send(std::move(m)); });
  bool done = false;
  net::co_spawn(
      io,
      [](transport::StdioTransport* t, mcp::Server* s, bool* done) -> net::awaitable<void> {
        co_await t->run(*s);
        *done = true;
      }(&t, &server, &done),
      net::detached);
  // Once the call runs and the initialize answer is written, the client closes stdout.
  net::co_spawn(
      io,
      [](Observed* seen, int* out_r) -> net::awaitable<void> {
        net::steady_timer tick(co_await net::this_coro::executor);
        while (!seen->slow_started) {
          tick.expires_after(std::chrono::milliseconds(5));
          co_await tick.async_wait(net::use_awaitable);
        }
        tick.expires_after(std::chrono::milliseconds(50));
        co_await tick.async_wait(net::use_awaitable);
        ::close(Pipe::take(*out_r));
      }(seen.get(), &out.r),
      net::detached);
  const auto start = std::chrono::steady_clock::now();
  io.run_for(std::chrono::seconds(20));
  EXPECT_TRUE(done);
  EXPECT_TRUE(seen->slow_cancelled);
  EXPECT_EQ(server.in_flight(), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_GE(in.w, 0);  // stdin was never closed
}

}  // namespace
}  // namespace mcp_test
