#pragma once
// Opening a listening socket, the one way both HTTP listeners (MCP's and the
// metrics address) do it.

#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <cstdint>
#include <string>

namespace transport {

// Binds `acceptor` to HOST:PORT and listens: HOST is an IP address ("[v6]"
// brackets allowed) or "localhost" (127.0.0.1); PORT 0 takes any free port.
// The error says why not (address in use, bad host).
boost::system::error_code open_listener(boost::asio::ip::tcp::acceptor& acceptor, std::string host,
                                        std::uint16_t port);

// "127.0.0.1:8080" or "[::1]:8080".
std::string host_port(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace transport
