#pragma once
// A plain HTTP request and response, for code that answers web requests
// (hosted mode's sign-in pages and OAuth endpoints) without knowing the
// transport that reads and writes them.

#include "support/text.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace support {

using WebHeaders = std::vector<std::pair<std::string, std::string>>;

struct WebRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent: "/authorize?client_id=..."
  WebHeaders headers;
  std::string body;
  std::string peer;  // the client's IP address, for rate limits

  // The first header of that name (case-insensitive), trimmed; empty when absent.
  std::string header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (iequals(k, name)) return std::string(trim_blanks(v));
    return {};
  }
  std::string_view path() const { return std::string_view(target).substr(0, target.find('?')); }
};

struct WebResponse {
  int status = 200;
  WebHeaders headers;  // Content-Type among them when there is a body
  std::string body;
};

}  // namespace support
