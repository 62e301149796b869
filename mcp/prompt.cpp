// Prompts (see prompt.hpp): listing, argument checks, results.

#include "mcp/prompt.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace mcp {

namespace json = boost::json;

namespace {

std::string names_of(const Prompt& prompt) {
  std::string out;
  for (const auto& a : prompt.args) out += (out.empty() ? "" : ", ") + a.name;
  return out;
}

}  // namespace

json::object describe(const Prompt& prompt) {
  json::object o{{"name", prompt.name}};
  if (!prompt.title.empty()) o.emplace("title", prompt.title);
  if (!prompt.description.empty()) o.emplace("description", prompt.description);
  json::array args;
  for (const auto& a : prompt.args) {
    json::object arg{{"name", a.name}};
    if (!a.description.empty()) arg.emplace("description", a.description);
    arg.emplace("required", a.required);
    args.emplace_back(std::move(arg));
  }
  o.emplace("arguments", std::move(args));
  return o;
}

std::string signature(const Prompt& prompt) {
  std::string args;
  for (const auto& a : prompt.args) args += (args.empty() ? "" : ", ") + a.name + (a.required ? "" : "?");
  return prompt.name + " {" + args + "}";
}

CheckedPromptArguments check_prompt_arguments(const Prompt& prompt, const json::object& raw) {
  const std::string context = " of prompt " + prompt.name;
  for (const auto& [key, v] : raw) {
    bool known = false;
    for (const auto& a : prompt.args) known |= a.name == key;
    if (!known)
      return {{}, "Unknown argument \"" + std::string(key) + "\"" + context + ". " +
                      (prompt.args.empty() ? std::string("It takes no arguments.")
                                           : "It takes: " + names_of(prompt) + ".")};
  }
  PromptArguments values;
  for (const auto& a : prompt.args) {
    const json::value* v = raw.if_contains(a.name);
    if (v && !v->is_null() && !v->is_string())
      return {{}, "Invalid argument \"" + a.name + "\"" + context + ": must be a string (got " +
                      json::serialize(*v) + ")."};
    if (!v || v->is_null() || v->get_string().empty()) {
      if (a.required) return {{}, "Missing argument \"" + a.name + "\"" + context + ": " + a.description};
      continue;
    }
    values.emplace(a.name, std::string(v->get_string()));
  }
  return {std::move(values), std::nullopt};
}

json::object prompt_result_json(PromptResult result) {
  json::object r;
  if (!result.description.empty()) r.emplace("description", std::move(result.description));
  json::array messages;
  for (auto& m : result.messages)
    messages.push_back(json::object{{"role", std::move(m.role)},
                                    {"content", json::object{{"type", "text"}, {"text", std::move(m.text)}}}});
  r.emplace("messages", std::move(messages));
  return r;
}

}  // namespace mcp
