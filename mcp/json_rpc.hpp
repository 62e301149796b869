#pragma once
// JSON-RPC 2.0 framing: parsing one message with bounded nesting, sorting it
// into request / notification / response / invalid (the way clangd's
// JSONTransport does), and building result, error and notification objects.
// The one place that knows the wire shape of errors.

#include "support/json_fields.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace mcp::jsonrpc {

// Standard JSON-RPC error codes.
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
// MCP defines no code for "request before initialize": it is an invalid request.
inline constexpr int not_initialized = invalid_request;

struct Parsed {
  boost::json::value value;  // null when error is set
  std::string error;         // why the text is not JSON; empty on success
};

// How deeply one message may nest: every transport and the server use this one
// limit, so a message is accepted or refused the same way wherever it arrives.
inline constexpr std::size_t max_depth = support::max_json_depth;

// Parses one message; nesting deeper than `depth` is an error, not a crash.
Parsed parse(std::string_view text, std::size_t depth = max_depth);

struct Message {
  enum class Kind { request, notification, response, invalid };
  Kind kind = Kind::invalid;
  boost::json::value id;                  // request/response; invalid: the id if one could be read
  std::string_view method;                // request/notification; points into the classified value
  const boost::json::value* params = nullptr;  // absent: nullptr
  std::string error;                      // invalid: what is wrong
};

// Sorts one (non-batch) message. The result points into `message`.
Message classify(const boost::json::value& message);

// True for the ids MCP allows: a string or an integer.
bool valid_id(const boost::json::value& id);

boost::json::object make_result(boost::json::value id, boost::json::value result);
// The one encoder of JSON-RPC errors; `data` is left out when null.
boost::json::object make_error(boost::json::value id, int code, std::string_view message,
                               boost::json::value data = nullptr);
boost::json::object make_notification(std::string_view method, boost::json::object params);

// A JSON number for a double: integral values as integers ("1", not "1E0").
boost::json::value number(double d);

}  // namespace mcp::jsonrpc
