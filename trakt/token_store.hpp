#pragma once
// Where the token pair lives. Two stores: our own file and the macOS-keychain
// layout of the widespread curl recipe (so its users keep their login and both
// sides stay in step). TRAKT_TOKEN_STORE chooses; unset, it is the keychain on
// macOS and the file elsewhere (choose_token_store).

#include "support/platform.hpp"
#include "trakt/error.hpp"
#include "trakt/tokens.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

enum class TokenStoreKind { file, keychain };

// Which store to use. `setting` is TRAKT_TOKEN_STORE ("file" or "keychain";
// anything else is a config failure). Unset or empty, it is the platform's
// default: the file on Linux; on macOS the keychain, unless our token file
// already exists (a login made before the keychain was macOS's default is
// kept where it is). A pure function, tested for both platforms.
Result<TokenStoreKind> choose_token_store(std::optional<std::string_view> setting, support::Platform platform,
                                          bool token_file_exists);

// choose_token_store for this process: TRAKT_TOKEN_STORE, this platform, and
// whether TokenFile::default_location() exists.
Result<TokenStoreKind> token_store_kind_from_environment();

// The store token_store_kind_from_environment() chooses.
Result<std::shared_ptr<TokenStore>> token_store_from_environment();

}  // namespace trakt
