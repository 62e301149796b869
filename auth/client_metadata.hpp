#pragma once
// Client ID Metadata Documents (MCP authorization 2025-11-25,
// draft-ietf-oauth-client-id-metadata-document): a client names itself with an
// https URL instead of registering, and we read its metadata from that URL.
// Here: which URLs qualify, which hosts we refuse to reach (SSRF), the
// interface the app fetches through, and the rules a document must meet
// (public clients only; the same redirect URI rules as /register).

#include "store/store.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace auth {

inline constexpr std::size_t max_metadata_document = 64 * 1024;
inline constexpr std::size_t max_metadata_url_length = 2000;
inline constexpr std::chrono::seconds default_metadata_ttl{std::chrono::hours(1)};
inline constexpr std::chrono::seconds min_metadata_ttl{std::chrono::minutes(5)};
inline constexpr std::chrono::seconds max_metadata_ttl{std::chrono::hours(24)};

// A client_id in URL form ("https:..."): never a registered client's id (those
// are random base64url), so it is either a metadata document URL or refused.
bool looks_like_metadata_url(std::string_view client_id);

// Why the URL cannot be a client ID (https, a path other than "/", no
// fragment, no user name, no dot segments), or "" when it can.
std::string metadata_url_problem(std::string_view client_id);
bool is_metadata_document_url(std::string_view client_id);

// Loopback, private, link-local, shared (100.64/10), unspecified, multicast
// and reserved addresses (IPv4-mapped IPv6 judged as IPv4).
bool is_private_address(const boost::asio::ip::address& address);

// Why we do not fetch from the URL's host (an IP literal for which
// is_private_address holds, or "localhost"), or "" when we may. Names that
// resolve to such addresses are the fetcher's to check.
std::string metadata_host_problem(std::string_view url);

struct MetadataFetch {
  int status = 0;  // the HTTP status; 0 when there was no answer
  std::string body;
  std::optional<std::chrono::seconds> max_age;  // Cache-Control max-age, when given
  std::string error;  // why there was no answer (a sentence), "" otherwise
};

// Reads a metadata document over https (the app's HTTPS client; tests fake it).
class MetadataFetcher {
public:
  virtual ~MetadataFetcher() = default;
  virtual boost::asio::awaitable<MetadataFetch> fetch(std::string url) = 0;
};

// The client the document describes (id = url, expires_at = now + max_age or
// an hour, kept within 5 min .. 24 h), or why it is refused (a sentence for
// people, starting in lower case).
std::variant<store::Client, std::string> parse_metadata_document(std::string_view url, std::string_view body,
                                                                 store::Time now,
                                                                 std::optional<std::chrono::seconds> max_age);

}  // namespace auth
