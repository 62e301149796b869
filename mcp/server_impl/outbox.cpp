#include "mcp/server_impl/outbox.hpp"

#include <boost/json/serialize.hpp>

#include <string>

namespace json = boost::json;

namespace mcp::server_impl {

namespace {

// The code of a single error answer; 0 for results and batches.
int error_code_of(const json::value& message) {
  const auto* o = message.if_object();
  const json::value* error = o ? o->if_contains("error") : nullptr;
  const json::value* code = error && error->is_object() ? error->get_object().if_contains("code") : nullptr;
  return code && code->is_int64() ? static_cast<int>(code->get_int64()) : 0;
}

}  // namespace

void Outbox::emit(const json::value& message, std::uint64_t route) const {
  if (open_ && send_) send_(Outgoing{json::serialize(message), route, false, 0});
}

void Outbox::emit_final(const std::optional<json::value>& message, std::uint64_t route) const {
  if (!open_ || !send_) return;
  if (message)
    send_(Outgoing{json::serialize(*message), route, true, error_code_of(*message)});
  else
    send_(Outgoing{std::string(), route, true, 0});
}

}  // namespace mcp::server_impl
