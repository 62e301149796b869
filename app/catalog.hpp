#pragma once
// The one place a catalog (the tools, resources and prompts a Server offers)
// is built, for every mode: stdio and single-user HTTP (single_user.hpp), each
// person in hosted mode (accounts.hpp), hosted mode's server instructions and
// --help's listing. It applies the read-only switch.
//
// The tools find their Trakt client in each call's context (trakt::tools::
// api_of), so one immutable catalog per read-only setting serves the whole
// process: every hosted person shares it, and `bind` gives each Server the
// account its calls act on.

#include "mcp/prompt.hpp"
#include "mcp/resource.hpp"
#include "mcp/server.hpp"
#include "mcp/tool.hpp"
#include "trakt/tools/tool_support.hpp"

namespace app {

// Whether the tools that change the Trakt account are offered; when not,
// whom the refusal a call to one of them gets is written for.
enum class ReadOnly {
  off,
  local,   // one person's own server (--read-only or TRAKT_MCP_READ_ONLY=1)
  hosted,  // a hosted server (TRAKT_MCP_READ_ONLY=1, set by its operator)
};

class TraktCatalog {
public:
  // Every tool in trakt/tools/, and the resources and prompts over them.
  explicit TraktCatalog(ReadOnly read_only);
  // The one catalog of the process for that setting, built on first use.
  static const TraktCatalog& shared(ReadOnly read_only);
  // Makes every call `server` runs act on the account `api` gives. A Server
  // without it lists the same tools, and a call says there is no account.
  static void bind(mcp::Server& server, trakt::ApiProvider api);

  // Not copyable or movable: the resources refer to the tools.
  TraktCatalog(const TraktCatalog&) = delete;
  TraktCatalog& operator=(const TraktCatalog&) = delete;

  const mcp::ToolRegistry& tools() const { return tools_; }
  const mcp::ResourceRegistry& resources() const { return resources_; }
  const mcp::PromptRegistry& prompts() const { return prompts_; }
  // What a Server is given.
  mcp::Catalog view() const { return {tools_, &resources_, &prompts_}; }

private:
  mcp::ToolRegistry tools_;
  mcp::ResourceRegistry resources_;  // reads call tools_: declared after it
  mcp::PromptRegistry prompts_;
};

}  // namespace app
