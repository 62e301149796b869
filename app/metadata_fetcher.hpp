#pragma once
// Reads client ID metadata documents for the authorization server: one GET
// per document over a one-off HTTPS connection (certificates verified as for
// Trakt), short deadlines, at most 64 KiB, no redirects followed. Unless
// private hosts are allowed (TRAKT_MCP_METADATA_PRIVATE_HOSTS=1, tests only),
// a host name that resolves to a loopback or private address is refused.

#include "auth/client_metadata.hpp"

#include <boost/asio/any_io_executor.hpp>

namespace hosted {

class HttpsMetadataFetcher final : public auth::MetadataFetcher {
public:
  HttpsMetadataFetcher(boost::asio::any_io_executor executor, bool allow_private_hosts)
      : executor_(std::move(executor)), allow_private_hosts_(allow_private_hosts) {}

  boost::asio::awaitable<auth::MetadataFetch> fetch(std::string url) override;

private:
  boost::asio::any_io_executor executor_;
  bool allow_private_hosts_;
};

// The max-age of a Cache-Control value (0 for no-store / no-cache), or nullopt.
std::optional<std::chrono::seconds> cache_max_age(std::string_view cache_control);

}  // namespace hosted
