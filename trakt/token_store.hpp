#pragma once
// Where the token pair lives. Two stores: our own file (default) and, with
// TRAKT_TOKEN_STORE=keychain, the macOS-keychain layout of the widespread
// curl recipe, so its users keep their login and both sides stay in step.

#include "trakt/error.hpp"
#include "trakt/tokens.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace trakt {

class TokenStore {
public:
  virtual ~TokenStore() = default;
  // nullopt: not logged in. A failure: the store exists but cannot be used.
  virtual Result<std::optional<Tokens>> load() const = 0;
  virtual Result<void> save(const Tokens& tokens) const = 0;
  virtual Result<void> remove() const = 0;
  // For people: which store and which files (never a secret).
  virtual std::string describe() const = 0;
  // Changes whenever another process writes the store (e.g. a file's mtime);
  // nullopt when there is nothing to look at.
  virtual std::optional<std::int64_t> change_stamp() const = 0;
};

// Our token file: $TRAKT_MCP_HOME/tokens.json and friends (see config_dir()).
class FileTokenStore final : public TokenStore {
public:
  explicit FileTokenStore(TokenFile file) : file_(std::move(file)) {}
  Result<std::optional<Tokens>> load() const override { return file_.load(); }
  Result<void> save(const Tokens& t) const override { return file_.save(t); }
  Result<void> remove() const override { return file_.remove(); }
  std::string describe() const override { return "file " + file_.path().string(); }
  std::optional<std::int64_t> change_stamp() const override;

private:
  TokenFile file_;
};

// The store TRAKT_TOKEN_STORE selects: unset or "file", or "keychain".
Result<std::shared_ptr<TokenStore>> token_store_from_environment();

}  // namespace trakt
