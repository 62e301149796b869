#pragma once
// The person's side of sign-in, in their browser: GET /authorize (the consent
// page, or a code at once when they allowed this client before), POST
// /authorize/decision (Allow or Deny), GET /callback (back from Trakt).
//
// Each step is bound to the browser by a nonce cookie: the pending
// authorization is stored under sha256(form token "." nonce), and the state
// sent to Trakt under sha256("upstream." state "." nonce), so a form or a
// callback replayed from another browser, or forged cross-site (the cookie is
// SameSite=Lax), finds nothing.

#include "auth/client_metadata.hpp"
#include "auth/services.hpp"
#include "support/web.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace auth {

class BrowserFlow {
public:
  // `metadata`: fetches client ID metadata documents; null: such clients are refused.
  explicit BrowserFlow(Services& services, MetadataFetcher* metadata = nullptr)
      : services_(services), metadata_(metadata) {}

  boost::asio::awaitable<support::WebResponse> authorize(support::WebRequest request);
  boost::asio::awaitable<support::WebResponse> decision(support::WebRequest request);
  boost::asio::awaitable<support::WebResponse> callback(support::WebRequest request);

  std::string nonce_cookie_name() const;
  std::string session_cookie_name() const;

private:
  std::string set_cookie(std::string_view name, std::string_view value, std::chrono::seconds max_age) const;
  std::string upstream_origin() const;
  // The client named by client_id (nullopt: unknown), or the page that refuses it.
  struct ClientLookup {
    std::optional<store::Client> client;
    std::optional<support::WebResponse> refusal;
  };
  boost::asio::awaitable<ClientLookup> find_client(std::string client_id);

  Services& services_;
  MetadataFetcher* metadata_;
};

// Makes and stores a code for the person and the pending request (blocks:
// call on the pool); the redirect that hands it to the client.
support::WebResponse issue_code(store::Database& db, const Settings& settings, const store::PendingAuthorization& p,
                                std::int64_t user_id, store::Time now);

}  // namespace auth
