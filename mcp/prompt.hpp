#pragma once
// Prompts: message templates a client offers its user (prompts/list,
// prompts/get), declared once like tools: name, title, description,
// arguments, and the handler that writes the messages. Prompt arguments are
// strings (the protocol says so); the declaration says which are required.
// Knows nothing about Trakt or transports.

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp {

struct PromptArg {
  std::string name;
  std::string description;
  bool required = false;
};

// One message of a prompts/get result; text content only.
struct PromptMessage {
  std::string role;  // "user" or "assistant"
  std::string text;
};

// What a prompt made of its arguments, or an error naming the argument that
// cannot be used (answered as -32602, like a missing one).
struct PromptResult {
  std::string description;  // left out when empty
  std::vector<PromptMessage> messages;
  std::optional<std::string> error;

  static PromptResult invalid(std::string message) { return {{}, {}, std::move(message)}; }
};

// The arguments of one prompts/get after the checks: present, non-empty strings.
using PromptArguments = std::map<std::string, std::string, std::less<>>;

struct Prompt {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArg> args;
  std::function<PromptResult(const PromptArguments& arguments)> get;
};

// The prompts/list entry.
boost::json::object describe(const Prompt& prompt);

// "what_to_watch {mood?, minutes?}", for people (--help).
std::string signature(const Prompt& prompt);

// Checks raw prompts/get arguments against the declaration: unknown names,
// values that are not strings, and missing required ones are errors naming
// the argument. An empty string counts as absent (forms send those).
struct CheckedPromptArguments {
  PromptArguments arguments;
  std::optional<std::string> error;
};
CheckedPromptArguments check_prompt_arguments(const Prompt& prompt, const boost::json::object& raw);

// The prompts/get result of a successful PromptResult.
boost::json::object prompt_result_json(PromptResult result);

class PromptRegistry {
public:
  void add(Prompt prompt) { prompts_.push_back(std::move(prompt)); }
  const Prompt* find(std::string_view name) const {
    for (const auto& p : prompts_)
      if (p.name == name) return &p;
    return nullptr;
  }
  const std::vector<Prompt>& all() const { return prompts_; }
  bool empty() const { return prompts_.empty(); }

private:
  std::vector<Prompt> prompts_;
};

}  // namespace mcp
