#include "app/trakt_upstream.hpp"

#include "support/json_fields.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/url/url.hpp>

namespace hosted {

namespace net = boost::asio;
namespace json = boost::json;

std::string TraktUpstream::authorize_url(std::string_view state, std::string_view redirect_uri) const {
  boost::urls::url url(web_url_);
  url.set_path(url.path() + (url.path().ends_with('/') ? "" : "/") + "oauth/authorize");
  auto params = url.params();
  params.append({"response_type", "code"});
  params.append({"client_id", api_.config().client_id});
  params.append({"redirect_uri", redirect_uri});
  params.append({"state", state});
  return std::string(url.buffer());
}

net::awaitable<auth::UpstreamResult> TraktUpstream::exchange(std::string code, std::string redirect_uri) {
  auto tokens = co_await api_.exchange_code(std::move(code), std::move(redirect_uri));
  if (!tokens) co_return auth::UpstreamResult{std::nullopt, tokens.error().message};
  auto settings = co_await api_.settings_of(tokens->access_token);
  if (!settings) co_return auth::UpstreamResult{std::nullopt, settings.error().message};

  // Trakt's uuid never changes; a slug can (the person renames themselves).
  const json::object* user = support::object_field(*settings, "user");
  const json::object* ids = user ? support::object_field(*user, "ids") : nullptr;
  std::string id;
  if (!ids) {
  } else if (auto uuid = support::string_field(*ids, "uuid")) {
    id = "uuid:" + std::string(*uuid);
  } else if (auto slug = support::string_field(*ids, "slug")) {
    id = "slug:" + std::string(*slug);
  }
  if (id.empty())
    co_return auth::UpstreamResult{std::nullopt, "Trakt did not say who signed in (no user id). Try again."};
  std::string name;
  if (auto n = support::string_field(*user, "username")) name = *n;
  co_return auth::UpstreamResult{auth::UpstreamIdentity{id, name, json::serialize(json::value_from(*tokens))}, {}};
}

}  // namespace hosted
