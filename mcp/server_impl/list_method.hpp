#pragma once
// The one handler of every list method (tools/list, resources/list,
// resources/templates/list, prompts/list; part of mcp::Server). Each list is
// one page, fixed while the process runs and the same for everyone.

#include "mcp/server_impl/request.hpp"

#include <boost/json/array.hpp>

#include <functional>
#include <string_view>

namespace mcp::server_impl {

struct ListMethod {
  std::string_view key;  // the result's member: "tools", "resources", ...
  // tools/list ignores a cursor (it always has); the others refuse any, since
  // they hand out none.
  bool refuses_cursor;
  // False: the capability is not declared here, and the method does not exist.
  std::function<bool()> offered;
  std::function<boost::json::array()> items;

  void operator()(Request r) const;
};

// describe() of every entry of a registry's list.
template <class Entries>
boost::json::array describe_all(const Entries& entries) {
  boost::json::array list;
  list.reserve(entries.size());
  for (const auto& entry : entries) list.emplace_back(describe(entry));
  return list;
}

}  // namespace mcp::server_impl
