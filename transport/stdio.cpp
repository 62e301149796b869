// MCP over stdio (see stdio.hpp): a bounded line reader feeding the server
// and one serialized, coalescing writer for stdout.

#include "transport/stdio.hpp"

#include "support/event.hpp"
#include "support/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <utility>
#include <vector>

namespace net = boost::asio;

namespace transport {

namespace {

constexpr std::string_view logger_name = "stdio";

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

struct StdioTransport::Impl : std::enable_shared_from_this<Impl> {
  Impl(net::any_io_executor ex, StdioOptions opts)
      : options(opts), in(ex), out(ex), flushed(ex) {
    // dup() so closing our descriptors never closes the process's stdin/stdout.
    if (int fd = ::dup(options.in_fd); fd >= 0) {
      in_flags = ::fcntl(fd, F_GETFL);
      in.assign(fd);
    }
    if (int fd = ::dup(options.out_fd); fd >= 0) {
      out_flags = ::fcntl(fd, F_GETFL);
      out.assign(fd);
    } else {
      broken = true;
    }
  }

  ~Impl() {
    restore_flags(out, out_flags);
    restore_flags(in, in_flags);
  }

  // Asio makes descriptors non-blocking, and a dup() shares that flag with
  // the original: put it back so the shell (or our parent) is not left with
  // a non-blocking terminal or pipe.
  static void restore_flags(net::posix::stream_descriptor& d, int flags) {
    if (d.is_open() && flags >= 0) ::fcntl(d.native_handle(), F_SETFL, flags);
  }

  int in_flags = -1;
  int out_flags = -1;

  StdioOptions options;
  net::posix::stream_descriptor in;
  net::posix::stream_descriptor out;

  std::deque<std::string> queue;      // waiting for the next write
  std::vector<std::string> writing;   // in the write under way
  std::size_t pending_bytes = 0;      // in queue and writing
  bool broken = false;                // stdout is gone: drop output, stop reading, exit
  support::Event flushed;             // notified whenever a write completes or stdout breaks
  mcp::Server* server = nullptr;      // while run() runs: whose calls to abandon on hang-up

  // Backpressure: while this much output waits for a client that does not
  // read, stop reading its input, so memory stays bounded.
  static constexpr std::size_t high_water_bytes = 1024 * 1024;

  void send(std::string message) {
    if (broken) return;
    message += '\n';
    pending_bytes += message.size();
    queue.push_back(std::move(message));
    if (writing.empty()) write_next();
  }

  // One write at a time, in order; everything queued meanwhile leaves in the
  // next write together (pipelined pings need few syscalls, not many).
  void write_next() {
    flushed.notify();  // waiters re-check their condition
    if (queue.empty() || broken) return;
    std::vector<net::const_buffer> buffers;
    buffers.reserve(queue.size());
    while (!queue.empty()) {
      writing.push_back(std::move(queue.front()));
      queue.pop_front();
      buffers.push_back(net::buffer(writing.back()));
    }
    net::async_write(out, buffers, [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
      for (const auto& w : self->writing) self->pending_bytes -= w.size();
      self->writing.clear();
      // EPIPE and friends: the client is gone; nobody is left to read us.
      if (ec) self->hang_up("write failed: " + ec.message());
      self->write_next();
    });
  }

  // Sees a reader that closes its end even when there is nothing to write: a
  // pipe then reports an error, a socket or a terminal a hang-up. Regular
  // files and /dev/null cannot be watched (the wait fails at once) and never
  // break. poll() first: an edge epoll reported before this wait was queued
  // is not reported again.
  void watch_hangup() {
    if (broken || !out.is_open()) return;
    pollfd p{out.native_handle(), POLLOUT, 0};
    if (::poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP))) return hang_up("hung up");
    out.async_wait(net::posix::descriptor_base::wait_error, [self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->watch_hangup();  // re-checks: urgent data also ends the wait
    });
  }

  // stdout is gone for good: nobody can receive answers, so drop output, stop
  // reading stdin, and abandon the calls in flight; run() then returns once
  // they have unwound (work that must outlive them, like a token refresh, is
  // detached and settled by the caller).
  void hang_up(const std::string& why) {
    if (broken) return;
    broken = true;
    support::log::warning(logger_name, "the client closed stdout (" + why + "); exiting");
    queue.clear();
    pending_bytes = 0;  // the write under way, if any, gives back its own bytes
    for (const auto& w : writing) pending_bytes += w.size();
    boost::system::error_code ignored;
    in.cancel(ignored);  // ends the pending stdin read
    flushed.notify();    // ends a backpressure wait or wait_flushed()
    if (server) server->abandon(0);
  }

  net::awaitable<void> wait_flushed() {
    auto self = shared_from_this();
    while (!broken && (!writing.empty() || !queue.empty()))
      co_await flushed.wait();
  }

  // Splits input into lines; a line over the limit is skipped to its
  // newline without being buffered, and rejected once.
  struct LineSplitter {
    std::size_t max;
    std::string partial;
    bool discarding = false;

    template <typename OnLine, typename OnOversized>
    void feed(std::string_view data, OnLine&& on_line, OnOversized&& on_oversized) {
      while (!data.empty()) {
        const std::size_t nl = data.find('\n');
        const std::string_view piece = data.substr(0, nl);
        if (discarding) {
          if (nl != std::string_view::npos) discarding = false;
        } else if (partial.size() + piece.size() > max) {
          partial.clear();
          partial.shrink_to_fit();
          discarding = nl == std::string_view::npos;
          on_oversized();
        } else if (nl == std::string_view::npos) {
          partial.append(piece);
        } else if (partial.empty()) {
          // The common case: the whole line is in this chunk, no copy.
          deliver(piece, on_line);
        } else {
          partial.append(piece);
          deliver(partial, on_line);
          partial.clear();
        }
        if (nl == std::string_view::npos) break;
        data.remove_prefix(nl + 1);
      }
    }

    template <typename OnLine>
    void finish(OnLine&& on_line) {
      // A last line without its newline is still a message.
      if (!discarding && !partial.empty()) deliver(partial, on_line);
      partial.clear();
    }

    template <typename OnLine>
    static void deliver(std::string_view line, OnLine& on_line) {
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!blank(line)) on_line(line);
    }
  };

  // A pointer, not a reference: GCC 12 mishandles reference parameters of
  // coroutines held across co_await.
  net::awaitable<void> run(mcp::Server* srv) {
    auto self = shared_from_this();
    server = srv;
    LineSplitter splitter{options.max_line_bytes};
    auto on_line = [srv](std::string_view line) { srv->handle(line); };
    auto on_oversized = [srv, this] { srv->reject_oversized(options.max_line_bytes); };

    if (broken) support::log::warning(logger_name, "stdout is closed; exiting");
    watch_hangup();

    if (in.is_open()) {
      std::vector<char> chunk(64 * 1024);
      while (!broken) {
        while (!broken && pending_bytes > high_water_bytes)
          co_await flushed.wait();
        if (broken) break;
        auto [ec, n] = co_await in.async_read_some(net::buffer(chunk), net::as_tuple(net::use_awaitable));
        // Input read as stdout broke is dropped: nobody would receive its answers.
        if (broken) break;
        if (n > 0) splitter.feed(std::string_view(chunk.data(), n), on_line, on_oversized);
        if (ec) {
          if (ec != net::error::eof) support::log::warning(logger_name, "stdin read failed: " + ec.message());
          break;
        }
      }
      restore_flags(in, in_flags);
      in.close();
    }
    if (!broken) splitter.finish(on_line);

    // EOF: let running calls answer, then let every answer reach stdout.
    // Hang-up: the calls were abandoned; wait until they have unwound.
    co_await srv->drain();
    co_await wait_flushed();

    // Stop watching stdout, so that the executor can run out of work.
    server = nullptr;
    boost::system::error_code ignored;
    out.cancel(ignored);
  }
};

StdioTransport::StdioTransport(net::any_io_executor executor, StdioOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), options)) {}

StdioTransport::~StdioTransport() = default;

void StdioTransport::send(std::string message) { impl_->send(std::move(message)); }

net::awaitable<void> StdioTransport::run(mcp::Server& server) { return impl_->run(&server); }

}  // namespace transport
