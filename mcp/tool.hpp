#pragma once
// A tool, declared once: name, title, description, arguments, output schema,
// annotations and handler. The input schema, the argument checks, the
// tools/list entry and the one-line signature people read in --help all come
// from this declaration (the way the official SDKs' registerTool takes one
// schema shape). Knows nothing about Trakt or transports.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <any>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace mcp {

// A question for the person at the client (elicitation/create, form mode).
struct Elicitation {
  // Names the question among the call's questions; the stateless era sends it
  // back with the answer (inputRequests / inputResponses).
  std::string key;
  std::string message;
  boost::json::object requested_schema;  // a flat object schema of primitive properties
};

// The person's answer.
struct Elicited {
  enum class Action { accept, decline, cancel };
  Action action = Action::cancel;
  boost::json::object content;  // what they entered, when they accepted
  // Set when no answer came in time (Limits::elicitation_timeout): the server
  // withdrew the question, and it counts as declined. How long it waited.
  std::optional<std::chrono::milliseconds> unanswered_after;
};

// Thrown by CallContext::elicit in the stateless era when the request does not
// yet carry the answer: the call ends with an input_required result that asks
// the question, and the client asks again with the answer (multi round-trip).
struct InputRequired {
  Elicitation question;
};

// What a running tool call may use to talk back to the client while it works.
struct CallContext {
  // Sends notifications/progress when the request carried _meta.progressToken;
  // does nothing otherwise.
  std::function<void(double progress, std::optional<double> total, std::string message)> progress =
      [](double, std::optional<double>, std::string) {};
  // Asks the person at the client; empty when the client did not declare
  // elicitation (form mode). A client that fails the request counts as cancel.
  std::function<boost::asio::awaitable<Elicited>(Elicitation)> elicit;
  // What the embedder attached to the Server for every call it runs
  // (Server::set_call_scope): in hosted mode, whose account a call acts on,
  // so that one immutable registry serves everyone. Empty when none was set.
  std::any scope;
};

struct ToolResult {
  std::string text;               // content[0].text, for people
  boost::json::value structured;  // structuredContent; null leaves it out
  bool is_error = false;

  static ToolResult error(std::string message) {
    return ToolResult{std::move(message), nullptr, true};
  }
};

// One argument: its JSON Schema and its check both come from here.
struct Arg {
  enum class Type {
    string,
    integer,
    boolean,
    date,          // "YYYY-MM-DD", a real calendar date
    date_or_time,  // a date, or a UTC time "YYYY-MM-DDTHH:MM:SS[.fff]Z"
    identifier,    // a string, or a whole number (a numeric id models often send unquoted), read as a string
    array,
    object,
  };
  std::string name;
  Type type = Type::string;
  std::string description;
  std::vector<std::string> choices;      // string: the allowed values (a JSON Schema enum)
  std::optional<std::int64_t> minimum;   // integer
  std::optional<std::int64_t> maximum;   // integer
  boost::json::value default_value;      // null: none (the handler decides)
  bool required = false;
  boost::json::object schema;            // more JSON Schema for the property (e.g. array items)
};

// What a tool does to the world, for clients deciding whether to ask first.
// Unset hints are left out of tools/list.
struct Annotations {
  std::optional<bool> read_only;
  std::optional<bool> destructive;
  std::optional<bool> idempotent;
  std::optional<bool> open_world;
};

// The arguments of one call after they passed the checks, with declared
// defaults filled in. Getters return nullopt for an absent optional argument.
class Arguments {
public:
  Arguments() = default;
  explicit Arguments(boost::json::object values) : values_(std::move(values)) {}

  std::optional<std::int64_t> integer(std::string_view name) const;
  std::optional<std::string> string(std::string_view name) const;  // string, choice, date(_or_time), identifier
  std::optional<bool> boolean(std::string_view name) const;
  const boost::json::value* value(std::string_view name) const;  // arrays, objects
  const boost::json::object& values() const { return values_; }

private:
  boost::json::object values_;
};

// A tool's output schema, built when first asked for (tools/list) rather
// than at start: building every tool's schema was a tenth of the work before
// a server could answer `initialize`. Copies share the one built value.
class LazySchema {
public:
  LazySchema() = default;  // the tool declares none
  explicit LazySchema(boost::json::object schema);
  template <class Build>
    requires std::is_invocable_r_v<boost::json::object, Build>
  LazySchema(Build build) : state_(std::make_shared<State>(std::function<boost::json::object()>(std::move(build)))) {}

  bool empty() const;                     // no schema (or an empty one)
  const boost::json::object& get() const;  // builds it the first time

private:
  struct State {
    explicit State(std::function<boost::json::object()> b) : build(std::move(b)) {}
    std::function<boost::json::object()> build;
    std::once_flag once;
    boost::json::object value;
  };
  std::shared_ptr<State> state_;
};

struct Tool {
  using Handler = std::function<boost::asio::awaitable<ToolResult>(Arguments arguments, CallContext ctx)>;

  std::string name;
  std::string title;
  std::string description;
  std::string summary;  // what it is for, in a few words: "episodes airing soon" (server instructions)
  std::vector<Arg> args;
  LazySchema output_schema;  // empty: the tool declares none
  Annotations annotations;
  // Its _meta in tools/list (an MCP App's ui.resourceUri); empty: none.
  boost::json::object meta;
  // Runs one call whose arguments passed the checks. Cancellation arrives as
  // Asio per-operation cancellation: the server binds a cancellation_signal
  // to the coroutine of each request, so every co_await inside is cancelled.
  Handler invoke;
};

// The inputSchema of a tool: an object schema with one property per Arg,
// no other properties allowed.
boost::json::object input_schema(const Tool& tool);

// The tools/list entry of a tool.
boost::json::object describe(const Tool& tool);

// "get_upcoming {start_date?, days?}": the tool and its arguments, for people.
std::string signature(const Tool& tool);

// Checks raw arguments against the declaration: the checked Arguments, or an
// error text that names the argument and says what it must be.
struct CheckedArguments {
  Arguments arguments;
  std::optional<std::string> error;
};
CheckedArguments check_arguments(const Tool& tool, const boost::json::object& raw);

// Checks the arguments, then runs the tool; a failed check is a tool error
// (isError), as the spec asks for input the model can correct.
boost::asio::awaitable<ToolResult> call_tool(const Tool& tool, boost::json::object raw, CallContext ctx);

class ToolRegistry {
public:
  void add(Tool tool) { tools_.push_back(std::move(tool)); }
  const Tool* find(std::string_view name) const {
    for (const auto& t : tools_)
      if (t.name == name) return &t;
    return nullptr;
  }
  const std::vector<Tool>& all() const { return tools_; }

  // Takes every tool that may change something (readOnlyHint not true) off
  // the list; calling one gets `why` as a tool error instead.
  void disable_writes(std::string why);
  // Why the tool of that name is disabled, or nullptr when it is not.
  const std::string* disabled(std::string_view name) const;

private:
  std::vector<Tool> tools_;
  std::vector<std::string> disabled_;  // names
  std::string disabled_why_;
};

}  // namespace mcp
