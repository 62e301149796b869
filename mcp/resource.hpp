#pragma once
// Resources: things a client may read by URI (resources/list, resources/read)
// and URI templates that name a family of them (resources/templates/list).
// A resource is usually a view of a tool (read_through_tool): the same
// handler, the same arguments checks, so a resource never says something its
// tool would not. Knows nothing about Trakt or transports.

#include "mcp/tool.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp {

// One entry of ReadResourceResult.contents: text, or binary as base64 `blob`
// (when `binary` is set, `text` holds the base64 and is sent as "blob").
struct ResourceContents {
  std::string uri;
  std::string mime_type;
  std::string text;
  bool binary = false;
  boost::json::object meta;  // the content's _meta (an MCP App's csp); empty: none
};

// What a read produced: the contents, or why there are none (answered as a
// JSON-RPC internal error naming the uri; see Server).
struct ReadResult {
  std::vector<ResourceContents> contents;
  std::optional<std::string> error;
  // The URI matched a template but names nothing (no such title): answered
  // as "Resource not found" (-32602, as for an unknown URI) with `error`.
  bool not_found = false;
};

// The values of a template's variables, percent-decoded: {"id": "heat-1995"}.
using UriVariables = std::map<std::string, std::string, std::less<>>;

// Reads one resource. `uri` is the URI asked for; `variables` is empty for a
// fixed resource. Cancellation arrives as for tools (Asio per-operation).
using ReadHandler =
    std::function<boost::asio::awaitable<ReadResult>(std::string uri, UriVariables variables, CallContext ctx)>;

struct Resource {
  std::string uri;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;  // what resources/list says; a read may give more than one type
  ReadHandler read;
  boost::json::object meta;  // its _meta in resources/list; empty: none
};

// An RFC 6570 level-1 template: literal text and {name} expressions. A
// variable matches one or more characters up to the next literal, never '/',
// '?' or '#' (simple expansion percent-encodes those), and is percent-decoded.
struct ResourceTemplate {
  std::string uri_template;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  ReadHandler read;
  boost::json::object meta;  // its _meta in resources/templates/list; empty: none
};

// The variables of `uri` under `uri_template`, or nullopt when it does not match
// (including a malformed template or a bad percent-escape).
std::optional<UriVariables> match_uri_template(std::string_view uri_template, std::string_view uri);

// The resources/list and resources/templates/list entries.
boost::json::object describe(const Resource& resource);
boost::json::object describe(const ResourceTemplate& resource_template);

// A handler that calls `tool` from `tools` with the arguments `arguments`
// makes of the URI's variables, through call_tool (so the tool's own checks
// apply), and gives two contents for the one URI: text/plain with the tool's
// text and application/json with its structuredContent. A tool error (or a
// tool missing from the registry) is a ReadResult error with the tool's text.
// `tools` must outlive every read.
ReadHandler read_through_tool(const ToolRegistry& tools, std::string tool,
                              std::function<boost::json::object(const UriVariables&)> arguments);

// A resource found for a URI: a fixed one first, else the first matching template.
struct ResourceMatch {
  const ReadHandler* read = nullptr;  // nullptr: no resource has this URI
  UriVariables variables;
};

class ResourceRegistry {
public:
  void add(Resource resource) { resources_.push_back(std::move(resource)); }
  void add(ResourceTemplate resource_template) { templates_.push_back(std::move(resource_template)); }

  const std::vector<Resource>& resources() const { return resources_; }
  const std::vector<ResourceTemplate>& templates() const { return templates_; }
  bool empty() const { return resources_.empty() && templates_.empty(); }

  ResourceMatch find(std::string_view uri) const;

private:
  std::vector<Resource> resources_;
  std::vector<ResourceTemplate> templates_;
};

}  // namespace mcp
