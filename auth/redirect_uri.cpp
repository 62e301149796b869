// See redirect_uri.hpp.

#include "auth/redirect_uri.hpp"

#include "auth/registration.hpp"
#include "support/text.hpp"

#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>

namespace auth {

namespace urls = boost::urls;

namespace {

// 127.0.0.1, [::1] or localhost.
bool loopback_host(const urls::url_view& u) {
  switch (u.host_type()) {
    case urls::host_type::ipv4:
      return u.host_ipv4_address() == urls::ipv4_address::loopback();
    case urls::host_type::ipv6:
      return u.host_ipv6_address() == urls::ipv6_address::loopback();
    case urls::host_type::name:
      return support::ascii_lower(u.encoded_host()) == "localhost";
    default:
      return false;
  }
}

// `given` is `registered` on another port: both http on the same loopback
// host, the same path and query, neither with a user name or fragment.
bool same_loopback_but_port(std::string_view registered, std::string_view given) {
  auto r = urls::parse_absolute_uri(registered);
  auto g = urls::parse_absolute_uri(given);
  if (!r || !g) return false;
  const auto http_loopback = [](const urls::url_view& u) {
    return u.scheme() == "http" && u.has_authority() && !u.has_userinfo() && loopback_host(u);
  };
  return http_loopback(*r) && http_loopback(*g) && r->encoded_host() == g->encoded_host() &&
         r->encoded_path() == g->encoded_path() && r->has_query() == g->has_query() &&
         r->encoded_query() == g->encoded_query();
}

}  // namespace

std::string redirect_uri_problem(std::string_view uri) {
  if (uri.size() > max_redirect_uri_length) return "a redirect URI is longer than 2000 characters";
  auto parsed = urls::parse_absolute_uri(uri);  // no fragment allowed by the grammar
  if (!parsed) return "a redirect URI is not an absolute URL without a fragment";
  if (!parsed->has_authority() || parsed->encoded_host().empty()) return "a redirect URI has no host";
  if (parsed->has_userinfo()) return "a redirect URI carries a user name";
  const std::string scheme = support::ascii_lower(parsed->scheme());
  if (scheme == "https") return {};
  if (scheme != "http") return "a redirect URI must use https (or http on a loopback address)";
  // http only on this machine (RFC 8252 7.3).
  if (loopback_host(*parsed)) return {};
  return "an http redirect URI must point at a loopback address (127.0.0.1, [::1] or localhost)";
}

bool redirect_uri_registered(const std::vector<std::string>& registered, std::string_view given) {
  return std::any_of(registered.begin(), registered.end(), [&](const std::string& r) {
    return r == given || same_loopback_but_port(r, given);
  });
}

}  // namespace auth
