#include "auth/authorize_request.hpp"

#include "auth/consent_page.hpp"
#include "auth/redirect_uri.hpp"
#include "auth/responses.hpp"

#include <algorithm>

namespace auth {

namespace {

constexpr std::size_t max_state_length = 2048;

bool is_base64url(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

AuthorizeCheck page(int status, std::string_view title, std::string_view message) {
  return {std::nullopt, error_page(status, title, message)};
}

}  // namespace

support::WebResponse unknown_client_page() {
  return error_page(400, "This sign-in link does not work",
                    "The app that sent you here is not registered with this server. Start again from your app.");
}

std::optional<std::string> granted_scope(std::optional<std::string> requested, const Settings& settings) {
  if (!requested) return settings.scope;
  std::string_view rest = *requested;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const auto word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (word.empty()) continue;
    if (word != settings.scope) return std::nullopt;
  }
  return settings.scope;
}

support::WebResponse error_redirect(const Settings& settings, std::string_view redirect_uri, std::string_view error,
                                    std::string_view description, std::string_view state) {
  QueryParams params{{"error", std::string(error)}, {"error_description", std::string(description)}};
  if (!state.empty()) params.emplace_back("state", std::string(state));
  params.emplace_back("iss", settings.public_url);
  return redirect(with_params(redirect_uri, params));
}

support::WebResponse code_redirect(const Settings& settings, std::string_view redirect_uri, std::string_view code,
                                   std::string_view state) {
  QueryParams params{{"code", std::string(code)}};
  if (!state.empty()) params.emplace_back("state", std::string(state));
  params.emplace_back("iss", settings.public_url);
  return redirect(with_params(redirect_uri, params));
}

AuthorizeCheck check_authorize(const Params& params, const std::optional<store::Client>& client,
                               const Settings& settings) {
  // Who asks and where the answer goes: until both are sure, only a page.
  if (!client || params.repeated("client_id")) return {std::nullopt, unknown_client_page()};
  if (params.repeated("redirect_uri"))
    return page(400, "This sign-in link does not work", "The link names more than one return address.");
  std::string redirect_uri;
  if (auto given = params.get("redirect_uri")) {
    if (!redirect_uri_registered(client->redirect_uris, *given))
      return page(400, "This sign-in link does not work",
                  "The return address in the link is not one the app registered. Start again from your app.");
    redirect_uri = *given;
  } else if (client->redirect_uris.size() == 1) {
    redirect_uri = client->redirect_uris.front();
  } else {
    return page(400, "This sign-in link does not work", "The link does not say where to return to.");
  }

  // A wrong request is a page too, never a redirect: anyone can register a
  // client with any redirect URI, and an automatic redirect would make us an
  // open redirector for them (RFC 9700 4.11.2). Only the person's own answer
  // (Deny) goes back to the client.
  const bool state_ok = !params.repeated("state") && params.value("state").size() <= max_state_length;
  auto refuse = [&](std::string_view error, std::string_view description) -> AuthorizeCheck {
    return page(400, "This sign-in link does not work",
                "The app asked in a way this server does not accept (" + std::string(error) + ": " +
                    std::string(description) + "). Tell the app's makers; nothing was shared.");
  };
  if (!state_ok) return refuse("invalid_request", "state is repeated or too long");
  if (auto name = params.first_repeated({"response_type", "code_challenge", "code_challenge_method", "scope"});
      !name.empty())
    return refuse("invalid_request", std::string(name) + " is given more than once");

  const auto response_type = params.get("response_type");
  if (!response_type) return refuse("invalid_request", "response_type is required");
  if (*response_type != "code") return refuse("unsupported_response_type", "only response_type=code is supported");

  // PKCE with S256 is required (OAuth 2.1, MCP authorization).
  const auto challenge = params.get("code_challenge");
  if (!challenge) return refuse("invalid_request", "code_challenge is required (PKCE)");
  if (params.value("code_challenge_method") != "S256")
    return refuse("invalid_request", "code_challenge_method must be S256");
  if (challenge->size() != 43 || !is_base64url(*challenge))
    return refuse("invalid_request", "code_challenge must be a base64url SHA-256 (43 characters)");

  // RFC 8707: tokens are only for this MCP endpoint.
  if (params.repeated("resource")) return refuse("invalid_target", "only one resource may be asked for");
  const auto resource = params.get("resource");
  if (resource && *resource != settings.resource) return refuse("invalid_target", "resource must be " + settings.resource);

  const auto scope = granted_scope(params.get("scope"), settings);
  if (!scope) return refuse("invalid_scope", "the only scope is " + settings.scope);

  store::PendingAuthorization pending;
  pending.client_id = client->id;
  pending.redirect_uri = redirect_uri;
  pending.state = params.value("state");
  pending.code_challenge = *challenge;
  pending.resource = settings.resource;
  pending.scope = *scope;
  pending.client_fingerprint = consent_fingerprint(*client);
  return {std::move(pending), std::nullopt};
}

}  // namespace auth
