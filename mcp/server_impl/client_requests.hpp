#pragma once
// Questions to the person at the client (elicitation, form mode) during a
// call (part of mcp::Server). Legacy era: an elicitation/create request on the
// call's route, its response matched by id, withdrawn (and counted as
// declined) when none comes in time. Stateless era: the call ends with an
// input_required result, and the next call brings the answer in
// inputResponses.

#include "mcp/server_impl/calls_in_flight.hpp"
#include "mcp/server_impl/lifecycle.hpp"
#include "mcp/server_impl/outbox.hpp"
#include "mcp/server_impl/request.hpp"
#include "mcp/server_impl/shared_part.hpp"
#include "mcp/tool.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace mcp::server_impl {

// 2026-07-28: the result that ends a call asking `question`.
boost::json::object input_required_result(const Elicitation& question);

class ClientRequests : public SharedPart<ClientRequests> {
public:
  // `timeout`: how long a question waits for its answer (Limits::elicitation_timeout).
  ClientRequests(boost::asio::any_io_executor executor, const Outbox& outbox, const Session& session,
                 std::chrono::milliseconds timeout)
      : executor_(std::move(executor)), outbox_(outbox), session_(session), timeout_(timeout) {}

  // CallContext::elicit for the call `r` started; empty when the client cannot be asked.
  decltype(CallContext::elicit) elicitor(const Request& r, std::shared_ptr<const Call> call);

  // A JSON-RPC response from the client: the answer to one of our requests.
  void on_response(const boost::json::value& id, const boost::json::value& message);

private:
  struct Asked;
  static boost::asio::awaitable<Elicited> ask(std::weak_ptr<ClientRequests> weak, std::shared_ptr<const Call> call,
                                              Elicitation question);

  boost::asio::any_io_executor executor_;
  const Outbox& outbox_;
  const Session& session_;
  std::chrono::milliseconds timeout_;
  std::unordered_map<std::string, std::shared_ptr<Asked>> asked_;  // waiting for the client, by id_key
  std::int64_t next_id_ = 1;
};

}  // namespace mcp::server_impl
