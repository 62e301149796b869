#pragma once
// What the authorization server is told by the app: where it is reached, what
// it protects, how long each thing lives, and how hard it may be asked.

#include "store/store.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace auth {

// A token bucket: `burst` requests at once, refilled at `per_minute`.
struct RateLimit {
  double per_minute = 30;
  double burst = 30;
};

struct Settings {
  std::string public_url;  // https://host[:port], no trailing slash: the issuer
  std::string resource;    // public_url + "/mcp": the MCP endpoint, bound into every token
  std::string scope = "trakt";
  std::chrono::seconds code_ttl{60};
  // A used code is remembered this long past its expiry: presented again
  // meanwhile, it revokes the tokens issued from it (OAuth 2.1 4.1.3).
  std::chrono::seconds spent_code_ttl{std::chrono::minutes(10)};
  std::chrono::seconds pending_ttl{std::chrono::minutes(10)};
  std::chrono::seconds access_ttl{std::chrono::hours(1)};
  std::chrono::seconds refresh_ttl{std::chrono::hours(24 * 30)};
  std::chrono::seconds session_ttl{std::chrono::hours(24 * 30)};
  std::string product_name = "trakt-mcp";
  RateLimit token_limit{30, 30};     // POST /token and /revoke, per peer
  RateLimit register_limit{10, 10};  // POST /register, per peer
  // /authorize, its decision and /callback: each writes a row and may fetch a
  // metadata document or call Trakt; a person clicks a few times a minute.
  RateLimit browser_limit{60, 60};
  std::size_t rate_limit_peers = 10000;  // peers remembered; the least recent go first
  std::function<store::Time()> now;  // empty: the system clock (tests inject one)
  // Fetch client ID metadata documents from loopback and private addresses
  // too (tests and development only: otherwise anyone could make us reach
  // inside our network).
  bool allow_private_metadata_hosts = false;

  // public_url without a trailing slash, and resource from it.
  static Settings for_public_url(std::string_view public_url);

  store::Time time_now() const {
    if (now) return now();
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
  // Cookies get Secure and the __Host- prefix behind https.
  bool secure() const { return public_url.rfind("https://", 0) == 0; }
};

inline Settings Settings::for_public_url(std::string_view public_url) {
  while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
  Settings s;
  s.public_url = std::string(public_url);
  s.resource = s.public_url + "/mcp";
  return s;
}

}  // namespace auth
