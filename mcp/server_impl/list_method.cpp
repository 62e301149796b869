#include "mcp/server_impl/list_method.hpp"

#include <boost/json/serialize.hpp>

#include <cstdint>

namespace json = boost::json;

namespace mcp::server_impl {

namespace {

// How long a client may keep a list (2026-07-28 CacheableResult): the lists
// never change while the process runs, and they are the same for everyone.
constexpr std::int64_t list_ttl_ms = 60 * 60 * 1000;

// False (and answered) for any cursor: we hand out none.
bool no_cursor(Request& r) {
  const json::value* cursor = r.params->if_contains("cursor");
  if (!cursor || cursor->is_null()) return true;
  if (!cursor->is_string())
    r.reply.error(jsonrpc::invalid_params, "Invalid params: \"cursor\" must be a string");
  else
    r.reply.error(jsonrpc::invalid_params, "Invalid params: unknown cursor " + json::serialize(*cursor) +
                                               " (every list here fits on one page)");
  return false;
}

}  // namespace

void ListMethod::operator()(Request r) const {
  if (offered && !offered()) return answer_method_not_found(r);
  if (refuses_cursor && !no_cursor(r)) return;
  json::object result{{key, items()}};
  if (r.era == Era::stateless) {
    result.emplace("ttlMs", list_ttl_ms);
    result.emplace("cacheScope", "public");
  }
  r.reply.result(std::move(result));
}

}  // namespace mcp::server_impl
