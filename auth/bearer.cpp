#include "auth/bearer.hpp"

#include "auth/metadata.hpp"
#include "auth/responses.hpp"

#include <algorithm>

namespace auth {

std::optional<std::string> bearer_token(const support::WebRequest& request) {
  const std::string header = request.header("authorization");
  constexpr std::string_view scheme = "bearer ";
  if (header.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    char c = header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != scheme[i]) return std::nullopt;
  }
  std::string_view token = std::string_view(header).substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  // RFC 6750 b64token.
  const bool ok = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("-._~+/=").find(c) != std::string_view::npos;
  });
  if (!ok) return std::nullopt;
  return std::string(token);
}

support::WebResponse unauthorized(const Settings& settings, std::optional<std::string_view> invalid_token_description) {
  std::string challenge = "Bearer resource_metadata=\"" + resource_metadata_url(settings) + "\", scope=\"" +
                          settings.scope + "\"";
  support::WebResponse r;
  if (invalid_token_description) {
    challenge += ", error=\"invalid_token\", error_description=\"" + std::string(*invalid_token_description) + "\"";
    r = oauth_error(401, "invalid_token", *invalid_token_description);
  } else {
    r = oauth_error(401, "unauthorized", "sign-in required: send a bearer token");
  }
  r.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  return r;
}

}  // namespace auth
