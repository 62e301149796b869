#pragma once
// The Trakt prompts: what_to_watch, catch_me_up, week_ahead and my_year. Each writes
// one user message that names the tools to call and carries its arguments;
// the model then calls the tools, so a prompt never holds stale data.

#include "mcp/prompt.hpp"

namespace trakt {

void register_prompts(mcp::PromptRegistry& registry);

}  // namespace trakt
