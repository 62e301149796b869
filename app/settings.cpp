// See settings.hpp.

#include "app/settings.hpp"

#include "support/json_fields.hpp"
#include "support/log.hpp"
#include "trakt/keychain_store.hpp"
#include "trakt/tokens.hpp"

#include <boost/json/parse.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace app {

using trakt::config_dir;
using trakt::KeychainTokenStore;

namespace {
std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}
}  // namespace

Settings Settings::from_environment() {
  Settings s;
  s.client_id = env("TRAKT_CLIENT_ID");
  s.client_secret = env("TRAKT_CLIENT_SECRET");
  s.credentials_source = "environment";
  s.api_url = env("TRAKT_API_URL");
  if (s.api_url.empty()) s.api_url = "https://api.trakt.tv";
  s.media_url = env("TRAKT_MEDIA_URL");
  if (s.media_url.empty()) s.media_url = "https://media.trakt.tv";
  if (auto t = env("TRAKT_MCP_TIMEOUT"); !t.empty()) {
    char* end = nullptr;
    double seconds = std::strtod(t.c_str(), &end);
    if (end && *end == '\0' && seconds > 0 && seconds <= 600)
      s.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    else
      support::log::warning("config", "TRAKT_MCP_TIMEOUT must be a number of seconds from 0 to 600; ignoring it");
  }
  if (auto r = env("TRAKT_MCP_READ_ONLY"); !r.empty() && r != "0" && r != "false" && r != "no") {
    // Anything but a clear "off" keeps the account safe.
    if (r != "1" && r != "true" && r != "yes")
      support::log::warning("config", "TRAKT_MCP_READ_ONLY must be 1 or 0; reading \"" + r + "\" as 1 (read-only)");
    s.read_only = true;
  }
  if (s.client_id.empty() || s.client_secret.empty()) {
    const auto path = config_dir() / "config.json";
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    boost::system::error_code ec;
    auto v = text.empty() ? boost::json::value() : boost::json::parse(text, ec);
    if (ec) support::log::warning("config", path.string() + " is not valid JSON; ignoring it");
    auto fill = [&](std::string& out, std::string_view key) {
      auto f = support::string_field(v, key);
      if (out.empty() && f) {
        out = std::string(*f);
        s.credentials_source = path.string();
      }
    };
    fill(s.client_id, "client_id");
    fill(s.client_secret, "client_secret");
  }
  // Users of the keychain recipe keep the app credentials there too (the
  // keychain store: TRAKT_TOKEN_STORE=keychain, or macOS's default).
  const auto store_kind = trakt::token_store_kind_from_environment();
  if ((s.client_id.empty() || s.client_secret.empty()) && store_kind && *store_kind == trakt::TokenStoreKind::keychain) {
    auto keychain = KeychainTokenStore::from_environment();
    for (auto [out, account] : {std::pair{&s.client_id, "client_id"}, std::pair{&s.client_secret, "client_secret"}})
      if (out->empty())
        if (auto v = keychain.read(account)) {
          *out = *v;
          s.credentials_source = "macOS keychain";
        }
  }
  return s;
}

}  // namespace app
