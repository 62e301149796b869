#pragma once
// The binder (part of mcp::Server), as clangd keeps its binder apart from its
// server: parses, sorts every message (request, notification, response,
// invalid; batches in the one version that has them), checks a request's era
// and hands it to its row of the method table.

#include "mcp/server.hpp"
#include "mcp/server_impl/lifecycle.hpp"
#include "mcp/server_impl/outbox.hpp"
#include "mcp/server_impl/request.hpp"
#include "mcp/server_impl/shared_part.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <string_view>
#include <unordered_map>

namespace mcp::server_impl {

// A method: which eras serve it, whether the legacy era wants initialize
// first, and its handler.
struct Method {
  bool legacy;
  bool stateless;
  bool needs_initialize;
  std::function<void(Request)> handler;
};

class Dispatcher : public SharedPart<Dispatcher> {
public:
  using MethodTable = std::unordered_map<std::string_view, Method>;
  using OnNotification = std::function<void(std::string_view method, const boost::json::object* params)>;
  using OnResponse = std::function<void(const boost::json::value& id, const boost::json::value& message)>;

  // `stateless_mark` goes on every result of a stateless request.
  Dispatcher(const Outbox& outbox, const Session& session, std::size_t max_depth, Mark stateless_mark)
      : outbox_(outbox), session_(session), max_depth_(max_depth), stateless_mark_(std::move(stateless_mark)) {}

  // Set once by the server, before the first message.
  MethodTable methods;
  OnNotification on_notification;
  OnResponse on_response;

  void handle(std::string_view text, Source from);
  void handle(const boost::json::value& message, Source from);

private:
  void handle_batch(const boost::json::array& batch, Source from);
  void dispatch(const boost::json::value& message, Source from, Reply reply);
  void on_request(Request r);

  const Outbox& outbox_;
  const Session& session_;
  std::size_t max_depth_;
  Mark stateless_mark_;
};

}  // namespace mcp::server_impl
