#pragma once
// What the process is told by its environment (and config.json, and the
// macOS keychain): the Trakt app's credentials, the API URL, the request
// timeout, the read-only switch. Read once by main() for every mode.

#include <chrono>
#include <optional>
#include <string>

namespace app {

struct Settings {
  std::string client_id;           // TRAKT_CLIENT_ID
  std::string client_secret;       // TRAKT_CLIENT_SECRET
  std::string api_url;             // TRAKT_API_URL, default https://api.trakt.tv
  std::string media_url;           // TRAKT_MEDIA_URL, default https://media.trakt.tv (posters)
  std::string credentials_source;  // where the client id came from, for `status`
  // TRAKT_MCP_TIMEOUT (seconds): how long one Trakt request may take.
  std::optional<std::chrono::milliseconds> timeout;
  // TRAKT_MCP_READ_ONLY=1 (or --read-only): the tools that change the
  // account are not offered, and calling one says so.
  bool read_only = false;

  // The environment first; client_id / client_secret missing there are read
  // from config.json in the config folder, so agent configs need no secrets.
  static Settings from_environment();
};

}  // namespace app
