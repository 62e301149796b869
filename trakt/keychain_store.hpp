#pragma once
// The macOS keychain layout of the curl recipe many Trakt users run today:
// generic passwords of service `trakt`, accounts client_id, client_secret,
// access_token and refresh_token, and the expiry as {"expiresAt": <epoch ms>}
// in ~/.config/trakt/config.json. Read and written with Apple's `security`
// tool (found on PATH, so tests can put a fake one there).
//
// Secrets never go on a command line (other users can read argv with ps):
// reads use `find-generic-password -w`, which prints the value on stdout, and
// writes go through `security -i`, which takes its commands on stdin.

#include "trakt/token_store.hpp"

#include <filesystem>
#include <string>

namespace trakt {

class KeychainTokenStore final : public TokenStore {
public:
  KeychainTokenStore(std::string security_program, std::filesystem::path recipe_config);
  // `security` from PATH and ~/.config/trakt/config.json.
  static KeychainTokenStore from_environment();

  Result<std::optional<Tokens>> load() const override;
  Result<void> save(const Tokens& tokens) const override;
  Result<void> remove() const override;
  std::string describe() const override;
  std::optional<std::int64_t> change_stamp() const override;

  // The recipe keeps the app credentials in the keychain too.
  std::optional<std::string> read(const std::string& account) const;

private:
  std::string security_;
  std::filesystem::path config_;
};

}  // namespace trakt
