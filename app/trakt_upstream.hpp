#pragma once
// Trakt as hosted mode's identity provider: the browser signs in at Trakt's
// /oauth/authorize, and the code that comes back is traded for the person's
// token pair and their Trakt id (/users/settings).

#include "auth/upstream.hpp"
#include "trakt/api.hpp"

#include <string>

namespace hosted {

class TraktUpstream final : public auth::Upstream {
public:
  // `web_url`: where people sign in (https://trakt.tv); `api`: the API client
  // without a login, used for the code exchange and /users/settings.
  TraktUpstream(std::string web_url, trakt::TraktApi& api) : web_url_(std::move(web_url)), api_(api) {}

  std::string authorize_url(std::string_view state, std::string_view redirect_uri) const override;
  boost::asio::awaitable<auth::UpstreamResult> exchange(std::string code, std::string redirect_uri) override;

private:
  std::string web_url_;
  trakt::TraktApi& api_;
};

}  // namespace hosted
