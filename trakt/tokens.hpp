#pragma once
// The OAuth token pair, in Trakt's own token-response shape, and the file that
// keeps it: 0600, replaced atomically (write, fsync, rename, fsync dir) so no
// crash can lose the only valid refresh token.

#include "trakt/error.hpp"

#include <boost/json/fwd.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace trakt {

struct Tokens {
  std::string access_token;
  std::string refresh_token;
  std::string token_type = "bearer";
  std::string scope = "public";
  std::int64_t created_at = 0;  // epoch seconds
  std::int64_t expires_in = 0;  // seconds

  std::int64_t expires_at() const { return created_at + expires_in; }
};

// Reads a token response; reports which field is missing or wrong.
Result<Tokens> tokens_from_json(const boost::json::value& v);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Tokens& t);

// $TRAKT_MCP_HOME, else $XDG_CONFIG_HOME/trakt-mcp, else ~/.config/trakt-mcp.
std::filesystem::path config_dir();

class TokenFile {
public:
  explicit TokenFile(std::filesystem::path path) : path_(std::move(path)) {}
  static TokenFile default_location() { return TokenFile(config_dir() / "tokens.json"); }

  const std::filesystem::path& path() const { return path_; }

  // nullopt: no file (not logged in). A failure: the file exists but cannot be
  // used, with a message saying why and what to do.
  Result<std::optional<Tokens>> load() const;
  Result<void> save(const Tokens& tokens) const;
  Result<void> remove() const;

private:
  std::filesystem::path path_;
};

}  // namespace trakt
