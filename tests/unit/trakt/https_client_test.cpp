// HttpsClient's address filter (HttpsOptions::allow_address): it sees the very
// addresses the connection would use, so a host name cannot pass a check with
// one answer and connect with another. No network: "localhost" and a closed
// port.

#include "trakt/https_client.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using trakt::FailureKind;

trakt::Result<trakt::HttpResponse> get_from(trakt::HttpsOptions options) {
  net::io_context io;
  // Port 1 on this machine: nothing listens there.
  trakt::HttpsClient client(io.get_executor(), trakt::Endpoint{"localhost", "1", ""}, options);
  std::optional<trakt::Result<trakt::HttpResponse>> out;
  net::co_spawn(io, client.send(trakt::HttpRequest{http::verb::get, "/", 11}),
                [&](std::exception_ptr, trakt::Result<trakt::HttpResponse> r) { out = std::move(r); });
  io.run();
  return std::move(*out);
}

TEST(HttpsClientAddresses, RefusedAddressesAreNeverConnectedTo) {
  trakt::HttpsOptions options;
  std::vector<std::string> asked;
  options.allow_address = [&](const net::ip::address& a) {
    asked.push_back(a.to_string());
    return !a.is_loopback();
  };
  auto r = get_from(options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::network);
  EXPECT_NE(r.error().message.find("resolves only to addresses this server does not connect to"), std::string::npos)
      << r.error().message;
  EXPECT_FALSE(asked.empty()) << "the filter saw what localhost resolved to";
}

TEST(HttpsClientAddresses, AllowedAddressesAreConnectedTo) {
  trakt::HttpsOptions options;
  options.allow_address = [](const net::ip::address&) { return true; };
  auto r = get_from(options);
  ASSERT_FALSE(r);  // nothing listens on port 1: the connect itself failed
  EXPECT_EQ(r.error().message.find("does not connect to"), std::string::npos) << r.error().message;
}

}  // namespace
