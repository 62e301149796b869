#pragma once
// The identity provider a person signs in at (Trakt, wired by the app): the
// authorization server sends the browser to authorize_url and trades the code
// that comes back to /callback for the person's identity and token pair.

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace auth {

struct UpstreamIdentity {
  std::string id;      // the provider's stable id for the person
  std::string name;    // for pages and logs
  std::string tokens;  // the upstream token pair as JSON text; auth seals it
};

struct UpstreamResult {
  std::optional<UpstreamIdentity> identity;
  std::string error;  // for the person, when there is no identity
};

class Upstream {
public:
  virtual ~Upstream() = default;
  virtual std::string authorize_url(std::string_view state, std::string_view redirect_uri) const = 0;
  virtual boost::asio::awaitable<UpstreamResult> exchange(std::string code, std::string redirect_uri) = 0;
};

}  // namespace auth
