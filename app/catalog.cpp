// See catalog.hpp.

#include "app/catalog.hpp"

#include "trakt/prompts.hpp"
#include "trakt/resources.hpp"

namespace app {

namespace {

// What a call to a tool that changes the account is answered when writes are off.
const char* refusal(ReadOnly read_only) {
  switch (read_only) {
    case ReadOnly::local:
      return "this trakt-mcp runs read-only (--read-only or TRAKT_MCP_READ_ONLY=1), so it changes nothing on Trakt. "
             "The user can make the change on trakt.tv, or remove the read-only switch from the MCP client's "
             "configuration.";
    case ReadOnly::hosted:
      return "this trakt-mcp server runs read-only (TRAKT_MCP_READ_ONLY=1), so it changes nothing on Trakt. The "
             "change can be made on trakt.tv.";
    case ReadOnly::off:
      break;
  }
  return nullptr;
}

}  // namespace

TraktCatalog::TraktCatalog(ReadOnly read_only) {
  trakt::register_tools(tools_);
  if (const char* why = refusal(read_only)) tools_.disable_writes(why);
  trakt::register_resources(resources_, tools_);
  trakt::register_prompts(prompts_);
}

const TraktCatalog& TraktCatalog::shared(ReadOnly read_only) {
  // Each built the first time it is asked for: a process uses one of them,
  // and building a registry is start-up work.
  switch (read_only) {
    case ReadOnly::local: {
      static const TraktCatalog local(ReadOnly::local);
      return local;
    }
    case ReadOnly::hosted: {
      static const TraktCatalog hosted(ReadOnly::hosted);
      return hosted;
    }
    case ReadOnly::off:
      break;
  }
  static const TraktCatalog off(ReadOnly::off);
  return off;
}

void TraktCatalog::bind(mcp::Server& server, trakt::ApiProvider api) { server.set_call_scope(std::move(api)); }

}  // namespace app
