#pragma once
// Who the server is and what it offers: initialize (legacy), server/discover
// (stateless), ping, and the mark every stateless result carries (part of
// mcp::Server).

#include "mcp/server.hpp"
#include "mcp/server_impl/request.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>

namespace mcp::server_impl {

// What initialize settled; the stateless era never sets it.
struct Session {
  bool initialized = false;
  std::string protocol_version;
  boost::json::object client_capabilities;
};

// Every version we speak, the stateless one first.
boost::json::array all_versions();

bool offers_resources(const Catalog& catalog);
bool offers_prompts(const Catalog& catalog);

class Lifecycle {
public:
  Lifecycle(const ServerInfo& info, const Catalog& catalog, Session& session)
      : info_(info), catalog_(catalog), session_(session) {}

  void on_initialize(Request r);
  void on_discover(Request r) const;
  static void on_ping(Request r);

  // Every stateless result says what kind it is and who answered.
  void mark_stateless(boost::json::object& result) const;

private:
  boost::json::object server_info_json() const;
  boost::json::object capabilities() const;

  const ServerInfo& info_;
  const Catalog& catalog_;
  Session& session_;
};

}  // namespace mcp::server_impl
