#include "mcp/server_impl/catalog_methods.hpp"

#include "mcp/json_rpc.hpp"
#include "mcp/server_impl/client_requests.hpp"
#include "mcp/server_impl/lifecycle.hpp"

#include "support/metrics.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json/array.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace net = boost::asio;
namespace json = boost::json;

namespace mcp::server_impl {

namespace {

// In the storage of the structured result, so that a tool's monotonic
// resource holds the whole answer and nothing is copied into the heap.
json::object tool_result_json(ToolResult result) {
  const json::storage_ptr sp = result.structured.storage();
  json::object r(sp);
  r.reserve(3);
  auto& content = r.emplace("content", json::array(sp)).first->value().get_array();
  auto& text = content.emplace_back(json::object(sp)).get_object();
  text.emplace("type", "text");
  text.emplace("text", std::move(result.text));
  if (!result.structured.is_null()) r.emplace("structuredContent", std::move(result.structured));
  if (result.is_error) r.emplace("isError", true);
  return r;
}

namespace metrics = support::metrics;

// Tool names are the catalog's own (an unknown name never gets this far).
constinit metrics::Family tool_calls("trakt_mcp_tool_calls_total", metrics::Kind::counter,
                           "Tool calls answered, by tool and outcome (ok, error: an isError result, "
                           "failed: an internal error, cancelled, input_required)",
                           {"tool", "outcome"});
constinit metrics::Family tool_seconds("trakt_mcp_tool_call_duration_seconds", metrics::Kind::histogram,
                             "Time from a tool call's start to its answer, by tool", {"tool"});

// Counts one call when metrics are on.
class ToolCallMeter {
public:
  explicit ToolCallMeter(const Tool* tool) : tool_(tool) {
    if (metrics::enabled()) start_ = std::chrono::steady_clock::now();
  }
  void done(std::string_view outcome) const {
    if (!metrics::enabled()) return;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start_;
    tool_calls.add({tool_->name, outcome});
    tool_seconds.observe({tool_->name}, took.count());
  }

private:
  const Tool* tool_;
  std::chrono::steady_clock::time_point start_{};
};

// Parameters by value: coroutines (GCC 12, see ARCHITECTURE.md).
net::awaitable<Answer> tool_answer(const Tool* tool, json::object arguments, CallContext ctx) {
  const ToolCallMeter meter(tool);
  const net::cancellation_state cancellation = co_await net::this_coro::cancellation_state;
  std::optional<InputRequired> asked;
  try {
    ToolResult result = co_await call_tool(*tool, std::move(arguments), std::move(ctx));
    if (cancellation.cancelled() != net::cancellation_type::none)
      meter.done("cancelled");
    else
      meter.done(result.is_error ? "error" : "ok");
    co_return Answer{tool_result_json(std::move(result))};
  } catch (InputRequired& q) {
    asked = std::move(q);
  } catch (...) {
    meter.done(cancellation.cancelled() != net::cancellation_type::none ? "cancelled" : "failed");
    throw;
  }
  meter.done("input_required");
  // 2026-07-28 (multi round-trip requests): the call ends here, asking.
  co_return Answer{input_required_result(asked->question)};
}

// A read whose tool failed (not logged in, Trakt down) is a JSON-RPC internal
// error carrying the tool's own explanation: a ReadResourceResult has no
// isError, and an explanation passed off as contents would be cached and
// quoted as if it were the data.
net::awaitable<Answer> read_answer(const ReadHandler* read, std::string uri, UriVariables variables, CallContext ctx,
                                   bool stateless) {
  ReadResult read_result = co_await (*read)(uri, std::move(variables), std::move(ctx));
  if (read_result.error && read_result.not_found)
    co_return Answer{{}, jsonrpc::invalid_params, "Resource not found: " + uri + ": " + *read_result.error,
                     json::object{{"uri", uri}}};
  if (read_result.error)
    co_return Answer{{}, jsonrpc::internal_error, "Could not read " + uri + ": " + *read_result.error,
                     json::object{{"uri", uri}}};
  json::array contents;
  for (auto& c : read_result.contents) {
    json::object item{{"uri", std::move(c.uri)}, {"mimeType", std::move(c.mime_type)}};
    item.emplace(c.binary ? "blob" : "text", std::move(c.text));
    if (!c.meta.empty()) item.emplace("_meta", std::move(c.meta));
    contents.push_back(std::move(item));
  }
  json::object result{{"contents", std::move(contents)}};
  // What a resource holds is the user's own data, which changes outside this
  // process: never fresh, and for this user only.
  if (stateless) {
    result.emplace("ttlMs", 0);
    result.emplace("cacheScope", "private");
  }
  co_return Answer{std::move(result)};
}

// params.arguments as an object: absent is {}; nullopt (and answered) when it is something else.
std::optional<json::object> arguments_of(Request& r) {
  const json::value* a = r.params->if_contains("arguments");
  if (!a || a->is_null()) return json::object();
  if (!a->is_object()) {
    r.reply.error(jsonrpc::invalid_params, "Invalid params: \"arguments\" must be an object");
    return std::nullopt;
  }
  return a->get_object();
}

}  // namespace

void call_tool_method(Request r, const ToolRegistry& tools, const StartCall& start) {
  const json::value* name = r.params->if_contains("name");
  if (!name || !name->is_string())
    return r.reply.error(jsonrpc::invalid_params, "Invalid params: tools/call needs a string \"name\"");
  const Tool* tool = tools.find(std::string_view(name->get_string()));
  if (const std::string* why = tool ? nullptr : tools.disabled(std::string_view(name->get_string())))
    return r.reply.result(
        tool_result_json(ToolResult::error(std::string(name->get_string()) + " is disabled: " + *why)));
  if (!tool) return r.reply.error(jsonrpc::invalid_params, "Unknown tool: " + std::string(name->get_string()));
  auto args = arguments_of(r);
  if (!args) return;
  start(std::move(r),
        [tool, args = std::move(*args)](CallContext ctx) { return tool_answer(tool, args, std::move(ctx)); },
        [](const std::string& what) { return Answer{tool_result_json(ToolResult::error("Internal error: " + what))}; });
}

void read_resource_method(Request r, const Catalog& catalog, const StartCall& start) {
  if (!offers_resources(catalog)) return answer_method_not_found(r);
  const json::value* uri = r.params->if_contains("uri");
  if (!uri || !uri->is_string())
    return r.reply.error(jsonrpc::invalid_params, "Invalid params: resources/read needs a string \"uri\"");
  std::string name(uri->get_string());
  ResourceMatch match = catalog.resources->find(name);
  // -32602 with the uri in data: SEP-2164 (final), which replaces the -32002
  // that 2025-11-25 and earlier suggested; the same code in every era.
  if (!match.read)
    return r.reply.error(jsonrpc::invalid_params, "Resource not found: " + name, json::object{{"uri", name}});
  const bool stateless = r.era == Era::stateless;
  start(std::move(r),
        [read = match.read, name, variables = std::move(match.variables), stateless](CallContext ctx) {
          return read_answer(read, name, variables, std::move(ctx), stateless);
        },
        [name](const std::string& what) {
          return Answer{{}, jsonrpc::internal_error, "Internal error reading " + name + ": " + what,
                        json::object{{"uri", name}}};
        });
}

void get_prompt_method(Request r, const Catalog& catalog) {
  if (!offers_prompts(catalog)) return answer_method_not_found(r);
  const json::value* name = r.params->if_contains("name");
  if (!name || !name->is_string())
    return r.reply.error(jsonrpc::invalid_params, "Invalid params: prompts/get needs a string \"name\"");
  const Prompt* prompt = catalog.prompts->find(std::string_view(name->get_string()));
  if (!prompt) return r.reply.error(jsonrpc::invalid_params, "Unknown prompt: " + std::string(name->get_string()));
  auto raw = arguments_of(r);
  if (!raw) return;
  // Unlike a tool's, a prompt's arguments are checked by the protocol: the
  // client fills them from a form before any model sees them.
  auto checked = check_prompt_arguments(*prompt, *raw);
  if (checked.error) return r.reply.error(jsonrpc::invalid_params, *checked.error);
  PromptResult made = prompt->get(checked.arguments);
  if (made.error) return r.reply.error(jsonrpc::invalid_params, *made.error);
  r.reply.result(prompt_result_json(std::move(made)));
}

}  // namespace mcp::server_impl
