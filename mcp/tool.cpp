// One declaration per tool (see tool.hpp): schema, checks, listing, calls.

#include "mcp/tool.hpp"

#include "support/time.hpp"

#include <boost/json/serialize.hpp>

namespace mcp {

namespace json = boost::json;
namespace net = boost::asio;

namespace {

std::string_view schema_type(Arg::Type type) {
  switch (type) {
    case Arg::Type::integer:
      return "integer";
    case Arg::Type::boolean:
      return "boolean";
    case Arg::Type::array:
      return "array";
    case Arg::Type::object:
      return "object";
    case Arg::Type::string:
    case Arg::Type::date:
    case Arg::Type::date_or_time:
    case Arg::Type::identifier:
      break;
  }
  return "string";
}

json::object property_schema(const Arg& arg) {
  json::object p;
  if (arg.type == Arg::Type::identifier)
    p.emplace("type", json::array{"string", "integer"});
  else
    p.emplace("type", schema_type(arg.type));
  if (!arg.choices.empty()) {
    json::array choices;
    for (const auto& c : arg.choices) choices.emplace_back(c);
    p.emplace("enum", std::move(choices));
  }
  if (arg.type == Arg::Type::date) p.emplace("pattern", "^\\d{4}-\\d{2}-\\d{2}$");
  if (arg.minimum) p.emplace("minimum", *arg.minimum);
  if (arg.maximum) p.emplace("maximum", *arg.maximum);
  if (!arg.default_value.is_null()) p.emplace("default", arg.default_value);
  for (const auto& [k, v] : arg.schema) p[k] = v;
  if (!arg.description.empty()) p.emplace("description", arg.description);
  return p;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string invalid(const Arg& arg, std::string_view what, const json::value& got) {
  return "Invalid argument \"" + arg.name + "\": " + std::string(what) + " (got " + json::serialize(got) + ").";
}

// The error for one present, non-null value; nullopt when it passes.
std::optional<std::string> check_value(const Arg& arg, const json::value& v) {
  switch (arg.type) {
    case Arg::Type::integer: {
      boost::system::error_code ec;
      const std::int64_t n = v.is_number() ? v.to_number<std::int64_t>(ec) : 0;
      const bool ok = v.is_number() && !ec && (!arg.minimum || n >= *arg.minimum) && (!arg.maximum || n <= *arg.maximum);
      if (ok) return std::nullopt;
      if (arg.minimum && arg.maximum)
        return invalid(arg, "must be a whole number from " + std::to_string(*arg.minimum) + " to " +
                                std::to_string(*arg.maximum), v);
      if (arg.minimum) return invalid(arg, "must be a whole number of at least " + std::to_string(*arg.minimum), v);
      if (arg.maximum) return invalid(arg, "must be a whole number of at most " + std::to_string(*arg.maximum), v);
      return invalid(arg, "must be a whole number", v);
    }
    case Arg::Type::string:
      if (v.is_string()) {
        if (arg.choices.empty()) return std::nullopt;
        for (const auto& c : arg.choices)
          if (v.get_string() == c) return std::nullopt;
      }
      if (!arg.choices.empty()) return invalid(arg, "must be one of " + join(arg.choices), v);
      return invalid(arg, "must be a string", v);
    case Arg::Type::identifier:
      if ((v.is_string() && !v.get_string().empty()) || v.is_int64() || v.is_uint64()) return std::nullopt;
      return invalid(arg, "must be an id: a string or a whole number", v);
    case Arg::Type::boolean:
      if (v.is_bool()) return std::nullopt;
      return invalid(arg, "must be true or false", v);
    case Arg::Type::date:
      if (v.is_string() && v.get_string().size() == 10 && support::parse_utc_timestamp(v.get_string()))
        return std::nullopt;
      return invalid(arg, "must be a date written YYYY-MM-DD, e.g. \"2026-11-24\"", v);
    case Arg::Type::date_or_time:
      if (v.is_string() && support::parse_utc_timestamp(v.get_string())) {
        const auto s = v.get_string();
        if (s.size() == 10 || (s.size() >= 19 && s[10] == 'T')) return std::nullopt;
      }
      return invalid(arg, "must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)", v);
    case Arg::Type::array:
      if (v.is_array()) return std::nullopt;
      return invalid(arg, "must be a list", v);
    case Arg::Type::object:
      if (v.is_object()) return std::nullopt;
      return invalid(arg, "must be an object", v);
  }
  return std::nullopt;
}

net::awaitable<ToolResult> ready(ToolResult result) { co_return result; }

// Takes its own copy of the handler: the registry entry is not touched after
// the call started.
net::awaitable<ToolResult> run(Tool::Handler invoke, Arguments arguments, CallContext ctx) {
  co_return co_await invoke(std::move(arguments), std::move(ctx));
}

}  // namespace

std::optional<std::int64_t> Arguments::integer(std::string_view name) const {
  const auto* v = value(name);
  boost::system::error_code ec;
  if (!v || !v->is_number()) return std::nullopt;
  const auto n = v->to_number<std::int64_t>(ec);
  return ec ? std::nullopt : std::optional<std::int64_t>(n);
}

std::optional<std::string> Arguments::string(std::string_view name) const {
  const auto* v = value(name);
  if (v && v->is_int64()) return std::to_string(v->get_int64());  // an identifier given as a number
  if (v && v->is_uint64()) return std::to_string(v->get_uint64());
  return v && v->is_string() ? std::optional<std::string>(std::string(v->get_string())) : std::nullopt;
}

std::optional<bool> Arguments::boolean(std::string_view name) const {
  const auto* v = value(name);
  return v && v->is_bool() ? std::optional<bool>(v->get_bool()) : std::nullopt;
}

const json::value* Arguments::value(std::string_view name) const {
  const auto* v = values_.if_contains(name);
  return v && !v->is_null() ? v : nullptr;
}

json::object input_schema(const Tool& tool) {
  json::object properties;
  json::array required;
  for (const auto& arg : tool.args) {
    properties.emplace(arg.name, property_schema(arg));
    if (arg.required) required.emplace_back(arg.name);
  }
  json::object schema{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema.emplace("required", std::move(required));
  // A typo in an argument is an error the model can correct, not ignored input.
  schema.emplace("additionalProperties", false);
  return schema;
}

LazySchema::LazySchema(json::object schema)
    : state_(std::make_shared<State>([schema = std::move(schema)] { return schema; })) {}

bool LazySchema::empty() const { return !state_ || get().empty(); }

const json::object& LazySchema::get() const {
  static const json::object none;
  if (!state_) return none;
  std::call_once(state_->once, [this] { state_->value = state_->build(); });
  return state_->value;
}

json::object describe(const Tool& tool) {
  json::object o;
  o.emplace("name", tool.name);
  if (!tool.title.empty()) o.emplace("title", tool.title);
  o.emplace("description", tool.description);
  o.emplace("inputSchema", input_schema(tool));
  if (!tool.output_schema.empty()) o.emplace("outputSchema", tool.output_schema.get());
  const auto& a = tool.annotations;
  json::object hints;
  if (a.read_only) hints.emplace("readOnlyHint", *a.read_only);
  if (a.destructive) hints.emplace("destructiveHint", *a.destructive);
  if (a.idempotent) hints.emplace("idempotentHint", *a.idempotent);
  if (a.open_world) hints.emplace("openWorldHint", *a.open_world);
  if (!hints.empty()) {
    // annotations.title: for clients of 2025-03-26, which had no top-level title.
    json::object annotations;
    if (!tool.title.empty()) annotations.emplace("title", tool.title);
    for (auto& [k, v] : hints) annotations.emplace(k, std::move(v));
    o.emplace("annotations", std::move(annotations));
  }
  if (!tool.meta.empty()) o.emplace("_meta", tool.meta);
  return o;
}

std::string signature(const Tool& tool) {
  std::vector<std::string> names;
  for (const auto& arg : tool.args) names.push_back(arg.name + (arg.required ? "" : "?"));
  return tool.name + " {" + join(names) + "}";
}

CheckedArguments check_arguments(const Tool& tool, const json::object& raw) {
  // Unknown names first, so an agent learns of a typo before anything else.
  for (const auto& [key, v] : raw) {
    bool known = false;
    for (const auto& arg : tool.args) known |= arg.name == key;
    if (known) continue;
    std::vector<std::string> names;
    for (const auto& arg : tool.args) names.push_back(arg.name);
    return {{}, "Unknown argument \"" + std::string(key) + "\". " +
                    (names.empty() ? std::string("This tool takes no arguments.")
                                   : "This tool takes: " + join(names) + ".")};
  }
  json::object values;
  for (const auto& arg : tool.args) {
    const json::value* v = raw.if_contains(arg.name);
    if (!v || v->is_null()) {
      if (arg.required) return {{}, "Missing argument \"" + arg.name + "\": " + arg.description};
      if (!arg.default_value.is_null()) values.emplace(arg.name, arg.default_value);
      continue;
    }
    if (auto error = check_value(arg, *v)) return {{}, std::move(error)};
    values.emplace(arg.name, *v);
  }
  return {Arguments(std::move(values)), std::nullopt};
}

net::awaitable<ToolResult> call_tool(const Tool& tool, json::object raw, CallContext ctx) {
  auto checked = check_arguments(tool, raw);
  if (checked.error) return ready(ToolResult::error(std::move(*checked.error)));
  return run(tool.invoke, std::move(checked.arguments), std::move(ctx));
}

void ToolRegistry::disable_writes(std::string why) {
  std::vector<Tool> kept;
  for (auto& t : tools_) {
    if (t.annotations.read_only.value_or(false))
      kept.push_back(std::move(t));
    else
      disabled_.push_back(t.name);
  }
  tools_ = std::move(kept);
  disabled_why_ = std::move(why);
}

const std::string* ToolRegistry::disabled(std::string_view name) const {
  for (const auto& n : disabled_)
    if (n == name) return &disabled_why_;
  return nullptr;
}

}  // namespace mcp
