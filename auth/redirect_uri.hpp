#pragma once
// Redirect URIs: which may be registered, and whether the one a sign-in link
// names is one the client registered. Pure functions over the text.

#include <string>
#include <string_view>
#include <vector>

namespace auth {

// Why `uri` may not be registered as a redirect URI, or "" when it may: an
// absolute URL without a fragment or user name, https, or http on a loopback
// address (RFC 8252 7.3).
std::string redirect_uri_problem(std::string_view uri);

// Whether `given` is one of `registered`: the same text, or, for an http
// loopback URI (127.0.0.1, [::1], localhost), the same but for the port,
// which a native app learns only when it listens (RFC 8252 7.3; Claude Code
// registers http://localhost/callback and signs in on a port of the moment).
// Scheme, host, path and query stay exact; any other URI is exact to the byte.
bool redirect_uri_registered(const std::vector<std::string>& registered, std::string_view given);

}  // namespace auth
