#include "app/metadata_fetcher.hpp"

#include "support/text.hpp"
#include "trakt/https_client.hpp"
#include "trakt/server_info.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <chrono>

namespace hosted {

namespace net = boost::asio;
namespace http = boost::beast::http;

namespace {

constexpr std::chrono::seconds step_timeout{5};

auth::MetadataFetch failed(std::string why) {
  auth::MetadataFetch f;
  f.error = std::move(why);
  return f;
}

std::string describe(const trakt::Failure& failure) {
  switch (failure.kind) {
    case trakt::FailureKind::timeout: return "the server did not answer in time";
    case trakt::FailureKind::tls: {
      std::string m = failure.message;
      while (!m.empty() && m.back() == '.') m.pop_back();
      return m;
    }
    case trakt::FailureKind::bad_response:
      return "the answer was too large (over 64 KiB) or not valid HTTP";
    case trakt::FailureKind::cancelled: return "the request was cancelled";
    case trakt::FailureKind::network:
      if (failure.message.find("does not connect to") != std::string::npos)
        return "its host resolves only to loopback or private addresses, which this server does not reach";
      return "could not connect to the server";
    default: return "could not connect to the server";
  }
}

}  // namespace

std::optional<std::chrono::seconds> cache_max_age(std::string_view cache_control) {
  std::optional<std::chrono::seconds> age;
  std::string_view rest = cache_control;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string item = support::ascii_lower(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    std::erase(item, ' ');
    std::erase(item, '\t');
    if (item == "no-store" || item == "no-cache") return std::chrono::seconds(0);
    if (item.rfind("max-age=", 0) != 0) continue;
    std::string digits = item.substr(8);
    if (digits.size() >= 2 && digits.front() == '"' && digits.back() == '"')
      digits = digits.substr(1, digits.size() - 2);
    if (digits.empty() || digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), [](char c) {
          return c >= '0' && c <= '9';
        }))
      continue;
    age = std::chrono::seconds(std::stoll(digits));
  }
  return age;
}

net::awaitable<auth::MetadataFetch> HttpsMetadataFetcher::fetch(std::string url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->scheme_id() != boost::urls::scheme::https) co_return failed("it is not an https URL");
  const std::string origin = "https://" + std::string(parsed->encoded_host_and_port());
  auto endpoint = trakt::parse_endpoint(origin);
  if (!endpoint) co_return failed("its host or port is not valid");
  std::string target(parsed->encoded_path());
  if (parsed->has_query()) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "?" + string here.
    target += '?';
    target += std::string_view(parsed->encoded_query());
  }

  trakt::HttpsOptions options;
  // Checked on the addresses the connection itself uses (a name cannot
  // answer one way to a check and another to the connect).
  if (!allow_private_hosts_)
    options.allow_address = [](const net::ip::address& a) { return !auth::is_private_address(a); };
  options.resolve_timeout = step_timeout;
  options.connect_timeout = step_timeout;
  options.handshake_timeout = step_timeout;
  options.response_timeout = step_timeout;
  options.max_body_bytes = auth::max_metadata_document;
  options.max_connections = 1;
  options.max_idle = 0;
  trakt::HttpsClient client(executor_, *endpoint, options);
  trakt::HttpRequest request{http::verb::get, target, 11};
  request.set(http::field::accept, "application/json");
  request.set(http::field::user_agent, trakt::user_agent());
  auto response = co_await client.send(std::move(request));
  if (!response) co_return failed(describe(response.error()));

  auth::MetadataFetch fetched;
  fetched.status = static_cast<int>(response->result_int());
  if (fetched.status >= 300 && fetched.status < 400) {
    co_return failed("it answered with a redirect (HTTP " + std::to_string(fetched.status) +
                     "), and redirects are not followed");
  }
  fetched.body = std::move(response->body());
  if (auto it = response->find(http::field::cache_control); it != response->end())
    fetched.max_age = cache_max_age(it->value());
  co_return fetched;
}

}  // namespace hosted
