#include "auth/client_metadata.hpp"

#include "auth/registration.hpp"
#include "support/text.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>

namespace auth {
namespace json = boost::json;
namespace urls = boost::urls;
namespace ip = boost::asio::ip;

namespace {


bool private_v4(const ip::address_v4& a) {
  const auto u = a.to_uint();
  auto in = [u](std::uint32_t net, int bits) { return (u >> (32 - bits)) == (net >> (32 - bits)); };
  return in(0x00000000, 8)      // 0.0.0.0/8 "this network"
         || in(0x0A000000, 8)   // 10/8
         || in(0x64400000, 10)  // 100.64/10 shared (carrier-grade NAT)
         || in(0x7F000000, 8)   // 127/8 loopback
         || in(0xA9FE0000, 16)  // 169.254/16 link-local (cloud metadata services)
         || in(0xAC100000, 12)  // 172.16/12
         || in(0xC0000000, 24)  // 192.0.0/24 protocol assignments
         || in(0xC0A80000, 16)  // 192.168/16
         || in(0xC6120000, 15)  // 198.18/15 benchmarking
         || in(0xE0000000, 4)   // 224/4 multicast
         || in(0xF0000000, 4);  // 240/4 reserved, broadcast
}

}  // namespace

bool looks_like_metadata_url(std::string_view client_id) {
  return client_id.size() >= 6 && support::ascii_lower(client_id.substr(0, 6)) == "https:";
}

std::string metadata_url_problem(std::string_view client_id) {
  if (client_id.size() > max_metadata_url_length) return "the URL is longer than 2000 characters";
  auto parsed = urls::parse_absolute_uri(client_id);  // the grammar allows no fragment
  if (!parsed) return "it is not an absolute URL without a fragment";
  if (parsed->scheme_id() != urls::scheme::https) return "it does not use https";
  if (!parsed->has_authority() || parsed->encoded_host().empty()) return "it has no host";
  if (parsed->has_userinfo()) return "it carries a user name";
  if (parsed->host_type() == urls::host_type::ipvfuture) return "its host is not a name or an IP address";
  if (parsed->encoded_host().find('%') != urls::pct_string_view::npos) return "its host is percent-encoded";
  const auto path = parsed->encoded_path();
  if (path.empty() || path == "/") return "it has no path (the document must be at a path other than /)";
  for (const auto& segment : parsed->segments()) {
    if (segment == "." || segment == "..") return "its path has a . or .. segment";
  }
  return {};
}

bool is_metadata_document_url(std::string_view client_id) { return metadata_url_problem(client_id).empty(); }

bool is_private_address(const ip::address& address) {
  if (address.is_v4()) return private_v4(address.to_v4());
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return private_v4(ip::make_address_v4(ip::v4_mapped, v6));
  const auto b = v6.to_bytes();
  // 64:ff9b::/96 (NAT64): the IPv4 address it carries decides.
  static constexpr unsigned char nat64[12] = {0x00, 0x64, 0xff, 0x9b};
  if (std::equal(b.begin(), b.begin() + 12, nat64))
    return private_v4(ip::address_v4({b[12], b[13], b[14], b[15]}));
  return v6.is_loopback() || v6.is_unspecified() || v6.is_multicast()  //
         || (b[0] & 0xfe) == 0xfc                                      // fc00::/7 unique local
         || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)                    // fe80::/10 link-local
         || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0);                   // fec0::/10 site-local (old)
}

std::string metadata_host_problem(std::string_view url) {
  auto parsed = urls::parse_absolute_uri(url);
  if (!parsed) return "it is not an absolute URL";
  constexpr std::string_view refused = "its host is a loopback or private address, which this server does not reach";
  switch (parsed->host_type()) {
    case urls::host_type::ipv4: {
      const auto a = ip::address_v4(parsed->host_ipv4_address().to_uint());
      return is_private_address(ip::address(a)) ? std::string(refused) : std::string();
    }
    case urls::host_type::ipv6: {
      const auto a = ip::address_v6(parsed->host_ipv6_address().to_bytes());
      return is_private_address(ip::address(a)) ? std::string(refused) : std::string();
    }
    case urls::host_type::name: {
      std::string host = support::ascii_lower(parsed->encoded_host());
      while (!host.empty() && host.back() == '.') host.pop_back();
      if (host == "localhost" || host.ends_with(".localhost")) return std::string(refused);
      return {};
    }
    default: return std::string(refused);
  }
}

std::variant<store::Client, std::string> parse_metadata_document(std::string_view url, std::string_view body,
                                                                 store::Time now,
                                                                 std::optional<std::chrono::seconds> max_age) {
  if (body.size() > max_metadata_document) return std::string("the document is larger than 64 KiB");
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 16;
  auto parsed = json::parse(body, ec, {}, options);
  if (ec) return std::string("the document is not JSON");
  if (!parsed.is_object()) return std::string("the document is not a JSON object");
  const auto& doc = parsed.as_object();

  const auto* id = doc.if_contains("client_id");
  if (!id || !id->is_string()) return std::string("the document has no client_id");
  if (std::string_view(id->get_string()) != url) return std::string("the document's client_id is not its own URL");

  // Public clients only: we keep no secret and authenticate nobody at /token.
  if (doc.contains("client_secret") || doc.contains("client_secret_expires_at"))
    return std::string("the document has a client_secret; only public clients (PKCE, no secret) are supported");
  if (const auto* method = doc.if_contains("token_endpoint_auth_method"); method && !method->is_null()) {
    const auto* s = method->if_string();
    if (!s || *s != "none")
      return std::string("its token_endpoint_auth_method is not \"none\"; only public clients are supported");
  }

  store::Client client;
  const auto* uris = doc.if_contains("redirect_uris");
  const auto* uri_array = uris ? uris->if_array() : nullptr;
  if (!uri_array || uri_array->empty()) return std::string("redirect_uris must be a non-empty array of URLs");
  if (uri_array->size() > max_redirect_uris) return std::string("it lists more than 10 redirect URIs");
  for (const auto& item : *uri_array) {
    const auto* s = item.if_string();
    if (!s) return std::string("each redirect URI must be a string");
    if (auto problem = redirect_uri_problem(*s); !problem.empty()) return problem;
    client.redirect_uris.emplace_back(*s);
  }

  if (const auto* name = doc.if_contains("client_name"); name && !name->is_null()) {
    const auto* s = name->if_string();
    if (!s) return std::string("client_name must be a string");
    client.name = clean_client_name(*s);
  }
  auto grants = allowed_strings(doc, "grant_types", {"authorization_code", "refresh_token"}, {"authorization_code"});
  if (!grants || std::find(grants->begin(), grants->end(), "authorization_code") == grants->end())
    return std::string("grant_types must include authorization_code and may add only refresh_token");
  if (!allowed_strings(doc, "response_types", {"code"}, {"code"}))
    return std::string("response_types may only be [\"code\"]");

  client.id = std::string(url);
  client.created_at = now;
  client.expires_at = now + std::clamp(max_age.value_or(default_metadata_ttl), min_metadata_ttl, max_metadata_ttl);
  return client;
}

}  // namespace auth
