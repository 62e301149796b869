#include "mcp/server_impl/client_requests.hpp"

#include "mcp/era.hpp"
#include "mcp/json_rpc.hpp"
#include "support/event.hpp"
#include "support/json_fields.hpp"
#include "support/log.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace net = boost::asio;
namespace json = boost::json;

namespace mcp::server_impl {

namespace {

// Form-mode elicitation: `elicitation: {}` (2025-06-18, and 2025-11-25's
// shorthand for forms) or one that lists `form`.
bool elicits_forms(const json::object& capabilities) {
  const json::object* e = support::object_field(capabilities, "elicitation");
  return e && (e->empty() || e->contains("form"));
}

bool stateless_client_elicits(const json::object& params) {
  const json::object* meta = support::object_field(params, "_meta");
  const json::object* caps = meta ? support::object_field(*meta, meta_client_capabilities) : nullptr;
  return caps && elicits_forms(*caps);
}

// elicitation/create params for a question; `mode` exists from 2025-11-25 on.
json::object elicit_params(const Elicitation& q, bool with_mode) {
  json::object params;
  if (with_mode) params.emplace("mode", "form");
  params.emplace("message", q.message);
  params.emplace("requestedSchema", q.requested_schema);
  return params;
}

// An ElicitResult (action, content) as the client sent it; anything else counts as cancel.
Elicited read_elicited(const json::value& result) {
  Elicited out;
  const auto* o = result.if_object();
  const auto* action = o ? o->if_contains("action") : nullptr;
  if (!action || !action->is_string()) return out;
  if (action->get_string() == "accept") {
    out.action = Elicited::Action::accept;
    if (const auto* content = support::object_field(*o, "content")) out.content = *content;
  } else if (action->get_string() == "decline") {
    out.action = Elicited::Action::decline;
  }
  return out;
}

// The stateless era's CallContext::elicit: the answer is in the request
// (params.inputResponses[key], as the result itself or under "result"), or
// the question goes back to the client as InputRequired.
net::awaitable<Elicited> answer_from_request(json::object input_responses, Elicitation question) {
  if (const auto* given = input_responses.if_contains(question.key)) {
    const auto* o = given->if_object();
    const auto* wrapped = o ? o->if_contains("result") : nullptr;
    co_return read_elicited(wrapped ? *wrapped : *given);
  }
  throw InputRequired{std::move(question)};
}

}  // namespace

json::object input_required_result(const Elicitation& question) {
  // The client calls again with the answer in inputResponses under the same key.
  json::object requests;
  requests.emplace(question.key,
                   json::object{{"method", "elicitation/create"}, {"params", elicit_params(question, true)}});
  return json::object{{"resultType", "input_required"}, {"inputRequests", std::move(requests)}};
}

struct ClientRequests::Asked {
  explicit Asked(net::any_io_executor ex) : answered(std::move(ex)) {}
  support::Event answered;
  std::optional<json::value> response;  // the whole JSON-RPC response once it came
};

decltype(CallContext::elicit) ClientRequests::elicitor(const Request& r, std::shared_ptr<const Call> call) {
  if (r.era == Era::legacy && r.streams && elicits_forms(session_.client_capabilities))
    return [weak = weak_from_this(), call](Elicitation question) { return ask(weak, call, std::move(question)); };
  if (r.era == Era::stateless && stateless_client_elicits(*r.params)) {
    json::object responses;
    if (const auto* given = support::object_field(*r.params, "inputResponses")) responses = *given;
    return [responses = std::move(responses)](Elicitation question) {
      return answer_from_request(responses, std::move(question));
    };
  }
  return {};
}

// Sends elicitation/create on the call's route and waits for the client's
// response, up to the timeout. The call's cancellation cancels the question too.
net::awaitable<Elicited> ClientRequests::ask(std::weak_ptr<ClientRequests> weak, std::shared_ptr<const Call> call,
                                             Elicitation question) {
  auto self = weak.lock();
  if (!self || !self->outbox_.open() || call->finished || call->cancelled) co_return Elicited{};
  const json::value id = self->next_id_++;
  const std::string key = id_key(id);
  const std::chrono::milliseconds timeout = self->timeout_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pending = std::make_shared<Asked>(self->executor_);
  self->asked_.emplace(key, pending);
  // Forgets the question however the wait ends; a question left unanswered
  // (the call was cancelled, or nobody answered in time) is cancelled at the
  // client too, and an answer that comes later is ignored (on_response).
  struct Forget {
    std::weak_ptr<ClientRequests> weak;
    std::string key;
    json::value id;
    std::shared_ptr<Asked> pending;
    std::uint64_t route;
    std::string reason = "the tool call ended";
    ~Forget() {
      auto s = weak.lock();
      if (!s) return;
      s->asked_.erase(key);
      if (!pending->response)
        s->outbox_.emit(jsonrpc::make_notification("notifications/cancelled",
                                                   json::object{{"requestId", id}, {"reason", reason}}),
                        route);
    }
  } forget{weak, key, id, pending, call->route};
  json::object request{{"jsonrpc", "2.0"}, {"id", id}, {"method", "elicitation/create"},
                       {"params", elicit_params(question, self->session_.protocol_version >= "2025-11-25")}};
  self->outbox_.emit(request, call->route);
  self.reset();
  while (!pending->response) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
      std::string note = "no answer to elicitation/create ";
      note += key;
      note += " within ";
      note += std::to_string(timeout.count());
      note += " ms: withdrawn, counted as declined";
      support::log::info(logger_name, note);
      forget.reason = "no answer came in time";
      Elicited unanswered;
      unanswered.action = Elicited::Action::decline;
      unanswered.unanswered_after = timeout;
      co_return unanswered;
    }
    co_await pending->answered.wait_for(left);
    auto state = co_await net::this_coro::cancellation_state;
    if (state.cancelled() != net::cancellation_type::none || call->cancelled) co_return Elicited{};
  }
  const json::object& response = pending->response->get_object();
  if (const json::value* result = response.if_contains("result")) co_return read_elicited(*result);
  support::log::info(logger_name, "the client failed elicitation/create: " + json::serialize(*pending->response));
  co_return Elicited{};
}

void ClientRequests::on_response(const json::value& id, const json::value& message) {
  auto it = asked_.find(id_key(id));
  if (it == asked_.end()) {
    support::log::debug(logger_name, "ignoring a response to id " + id_key(id) + ": no request of ours has that id");
    return;
  }
  auto pending = it->second;
  asked_.erase(it);
  pending->response = message;
  pending->answered.notify();
}

}  // namespace mcp::server_impl
