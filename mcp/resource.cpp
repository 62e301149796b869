// Resources and templates (see resource.hpp): matching, listing, and reading
// through a tool.

#include "mcp/resource.hpp"

#include <boost/json/serialize.hpp>

namespace mcp {

namespace json = boost::json;
namespace net = boost::asio;

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int hi = hex_digit(s[i + 1]);
    const int lo = hex_digit(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// One piece of a template: literal text, or the name of a {variable}.
struct Piece {
  bool variable = false;
  std::string_view text;
};

std::optional<std::vector<Piece>> split_template(std::string_view t) {
  std::vector<Piece> pieces;
  while (!t.empty()) {
    const auto open = t.find('{');
    if (open != 0) {
      const auto literal = t.substr(0, open);
      if (literal.find('}') != std::string_view::npos) return std::nullopt;
      pieces.push_back({false, literal});
      t.remove_prefix(literal.size());
      continue;
    }
    const auto close = t.find('}');
    if (close == std::string_view::npos || close == 1) return std::nullopt;
    const auto name = t.substr(1, close - 1);
    // Level 1 only: a plain name, no operators or modifiers.
    for (char c : name)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
        return std::nullopt;
    // Two variables side by side cannot be told apart.
    if (!pieces.empty() && pieces.back().variable) return std::nullopt;
    pieces.push_back({true, name});
    t.remove_prefix(close + 1);
  }
  return pieces;
}

json::object describe_common(std::string_view name, const std::string& title, const std::string& description,
                             const std::string& mime_type) {
  json::object o{{"name", name}};
  if (!title.empty()) o.emplace("title", title);
  if (!description.empty()) o.emplace("description", description);
  if (!mime_type.empty()) o.emplace("mimeType", mime_type);
  return o;
}

// Parameters by value and the tool by pointer: the coroutine outlives the
// std::function that started it (GCC 12 and lambda-captures alike).
net::awaitable<ReadResult> read_tool(const Tool* tool, std::string tool_name, json::object arguments, std::string uri,
                                     CallContext ctx) {
  if (!tool) co_return ReadResult{{}, "The tool " + tool_name + " behind this resource is not available."};
  ToolResult result = co_await call_tool(*tool, std::move(arguments), std::move(ctx));
  if (result.is_error) co_return ReadResult{{}, std::move(result.text)};
  ReadResult read;
  read.contents.push_back({uri, "text/plain", std::move(result.text), false, {}});
  if (!result.structured.is_null())
    read.contents.push_back({std::move(uri), "application/json", json::serialize(result.structured), false, {}});
  co_return read;
}

}  // namespace

std::optional<UriVariables> match_uri_template(std::string_view uri_template, std::string_view uri) {
  const auto pieces = split_template(uri_template);
  if (!pieces) return std::nullopt;
  UriVariables variables;
  for (std::size_t i = 0; i < pieces->size(); ++i) {
    const Piece& piece = (*pieces)[i];
    if (!piece.variable) {
      if (uri.substr(0, piece.text.size()) != piece.text) return std::nullopt;
      uri.remove_prefix(piece.text.size());
      continue;
    }
    // Up to the next literal (at least one character), or to the end.
    std::size_t end = uri.size();
    if (i + 1 < pieces->size()) {
      end = uri.find((*pieces)[i + 1].text, 1);
      if (end == std::string_view::npos) return std::nullopt;
    }
    const auto raw = uri.substr(0, end);
    if (raw.empty() || raw.find_first_of("/?#") != std::string_view::npos) return std::nullopt;
    auto value = percent_decode(raw);
    if (!value || value->empty()) return std::nullopt;
    variables.emplace(std::string(piece.text), std::move(*value));
    uri.remove_prefix(end);
  }
  if (!uri.empty()) return std::nullopt;
  return variables;
}

json::object describe(const Resource& resource) {
  json::object o{{"uri", resource.uri}};
  for (auto& [k, v] : describe_common(resource.name, resource.title, resource.description, resource.mime_type))
    o.emplace(k, std::move(v));
  if (!resource.meta.empty()) o.emplace("_meta", resource.meta);
  return o;
}

json::object describe(const ResourceTemplate& resource_template) {
  json::object o{{"uriTemplate", resource_template.uri_template}};
  for (auto& [k, v] : describe_common(resource_template.name, resource_template.title, resource_template.description,
                                      resource_template.mime_type))
    o.emplace(k, std::move(v));
  if (!resource_template.meta.empty()) o.emplace("_meta", resource_template.meta);
  return o;
}

ReadHandler read_through_tool(const ToolRegistry& tools, std::string tool,
                              std::function<json::object(const UriVariables&)> arguments) {
  return [&tools, tool = std::move(tool), arguments = std::move(arguments)](
             std::string uri, UriVariables variables, CallContext ctx) -> net::awaitable<ReadResult> {
    // Looked up at read time: the registry may be filled after the resources.
    return read_tool(tools.find(tool), tool, arguments ? arguments(variables) : json::object{}, std::move(uri),
                     std::move(ctx));
  };
}

ResourceMatch ResourceRegistry::find(std::string_view uri) const {
  for (const auto& r : resources_)
    if (r.uri == uri) return {&r.read, {}};
  for (const auto& t : templates_)
    if (auto variables = match_uri_template(t.uri_template, uri)) return {&t.read, std::move(*variables)};
  return {};
}

}  // namespace mcp
