#pragma once
// The one answer to one request (part of mcp::Server; see server.cpp).

#include "mcp/json_rpc.hpp"
#include "support/log.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace mcp::server_impl {

// The logger every part of the server writes as.
inline constexpr std::string_view logger_name = "mcp";

// Where the answer to one message goes: straight out, or into a batch.
// nullopt means "nothing to answer" (notifications, responses, cancelled requests).
using Reply = std::function<void(std::optional<boost::json::object>)>;

// What every result of a request gets besides its own fields (the stateless
// era's resultType and server info); empty: nothing.
using Mark = std::function<void(boost::json::object&)>;

// Answers one request exactly once, as clangd's ReplyOnce does: a second
// answer is a bug that is logged and dropped; a request dropped without an
// answer still gets one (an internal error), so no client waits forever.
class ReplyOnce {
public:
  ReplyOnce(boost::json::value id, std::string method, Reply reply, Mark mark = {})
      : id_(std::move(id)), method_(std::move(method)), reply_(std::move(reply)), mark_(std::move(mark)) {}
  ReplyOnce(ReplyOnce&& other) noexcept
      : id_(std::move(other.id_)), method_(std::move(other.method_)), reply_(std::move(other.reply_)),
        mark_(std::move(other.mark_)), replied_(std::exchange(other.replied_, true)) {}
  ReplyOnce& operator=(ReplyOnce&&) = delete;
  ReplyOnce(const ReplyOnce&) = delete;
  ~ReplyOnce() {
    if (replied_ || !reply_) return;
    // Normal only while the process shuts down with calls still queued.
    support::log::debug(logger_name, "no answer was made to " + method_ + " " + boost::json::serialize(id_) +
                                         "; answering an error");
    reply_(jsonrpc::make_error(id_, jsonrpc::internal_error, "Internal error: the server dropped this request"));
  }

  const boost::json::value& id() const { return id_; }

  void result(boost::json::object result) {
    if (mark_) mark_(result);
    send(jsonrpc::make_result(id_, std::move(result)));
  }
  void error(int code, std::string_view message, boost::json::value data = nullptr) {
    send(jsonrpc::make_error(id_, code, message, std::move(data)));
  }
  // The client cancelled the request: the spec asks for no answer at all.
  void nothing() { send(std::nullopt); }

private:
  void send(std::optional<boost::json::object> message) {
    if (std::exchange(replied_, true)) {
      support::log::error(logger_name,
                          "a second answer to " + method_ + " " + boost::json::serialize(id_) + " was dropped");
      return;
    }
    reply_(std::move(message));
  }

  boost::json::value id_;
  std::string method_;
  Reply reply_;
  Mark mark_;
  bool replied_ = false;
};

}  // namespace mcp::server_impl
