// See listen.hpp.

#include "transport/listen.hpp"

#include "transport/http_rules.hpp"

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace transport {

boost::system::error_code open_listener(tcp::acceptor& acceptor, std::string host, std::uint16_t port) {
  boost::system::error_code ec;
  if (http_rules::lower(host) == "localhost") host = "127.0.0.1";
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto address = net::ip::make_address(host, ec);
  if (ec) return ec;
  const tcp::endpoint ep(address, port);
  acceptor.open(ep.protocol(), ec);
  if (ec) return ec;
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  acceptor.bind(ep, ec);
  if (ec) return ec;
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  return ec;
}

std::string host_port(const tcp::endpoint& endpoint) {
  const auto a = endpoint.address();
  std::string out;  // appended, not chained: GCC 12's -Wrestrict misfires on "[" + s + "]"
  if (a.is_v6()) out += '[';
  out += a.to_string();
  if (a.is_v6()) out += ']';
  out += ':';
  out += std::to_string(endpoint.port());
  return out;
}

}  // namespace transport
