#include "app/login_commands.hpp"

#include "support/event.hpp"
#include "support/json_fields.hpp"
#include "support/time.hpp"
#include "trakt/server_info.hpp"

#include <boost/json/parse.hpp>

#include <ctime>

namespace app {

namespace net = boost::asio;
namespace json = boost::json;
using trakt::config_dir;
using trakt::describe_status;
using trakt::Failure;
using trakt::FailureKind;
using trakt::HttpResponse;
using trakt::Result;
using trakt::TokenManager;
using trakt::Tokens;
using trakt::tokens_from_json;
using trakt::version;

namespace {

constexpr const char* new_app_url = "https://trakt.tv/oauth/applications/new";

std::optional<json::object> json_object(const HttpResponse& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body(), ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

// A string field, "" when absent or not a string.
std::string text_field(const json::object& o, std::string_view key) {
  return std::string(support::string_field(o, key).value_or(""));
}

// "Logged in as NAME (username)" from /users/settings, or just the username.
std::string who(const json::value& settings) {
  const auto* user = support::object_field(settings, "user");
  if (!user) return {};
  std::string username = text_field(*user, "username");
  std::string name = text_field(*user, "name");
  if (username.empty()) return name;
  return name.empty() || name == username ? username : name + " (" + username + ")";
}

bool require_credentials(const Settings& s, std::ostream& err, bool need_secret) {
  const bool id = !s.client_id.empty();
  const bool secret = !s.client_secret.empty() || !need_secret;
  if (id && secret) return true;
  err << "trakt-mcp needs your Trakt API app's credentials: set "
      << (!id && !secret ? "TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET" : !id ? "TRAKT_CLIENT_ID" : "TRAKT_CLIENT_SECRET")
      << "\n(or put \"client_id\" and \"client_secret\" in " << (config_dir() / "config.json").string() << ").\n"
      << "No app yet? Create one at " << new_app_url
      << " (redirect URI: urn:ietf:wg:oauth:2.0:oob) and copy its Client ID and Client Secret.\n";
  return false;
}

std::string local_time(std::int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M %Z", &tm);
  return buf;
}

std::string relative(std::int64_t seconds) {
  const bool past = seconds < 0;
  const std::int64_t s = past ? -seconds : seconds;
  const std::string amount = s >= 2 * 86400 ? std::to_string(s / 86400) + " days"
                             : s >= 2 * 3600 ? std::to_string(s / 3600) + " hours"
                                             : std::to_string(s / 60) + " minutes";
  return past ? amount + " ago" : "in " + amount;
}

}  // namespace

net::awaitable<int> login(SingleUser* app_ptr, std::ostream* out_ptr, std::ostream* err_ptr, LoginOptions options) {
  SingleUser& app = *app_ptr;
  std::ostream& out = *out_ptr;
  std::ostream& err = *err_ptr;
  if (!require_credentials(app.settings(), err, true)) co_return 2;
  auto api = app.api();
  if (!api) {
    err << api.error().message << "\n";
    co_return 2;
  }
  const Settings& s = app.settings();

  // 1. Ask Trakt for a device code.
  json::object code_request{{"client_id", s.client_id}};
  auto started = co_await (*api)->post("/oauth/device/code", std::move(code_request));
  if (!started) {
    err << "Could not start the login: " << started.error().message << "\n";
    co_return 1;
  }
  if (started->result_int() != 200) {
    err << "Could not start the login: " << describe_status(*started, "a device code").message << "\n";
    if (started->result_int() == 401 || started->result_int() == 403)
      err << "Check TRAKT_CLIENT_ID: it must be the Client ID of your app at https://trakt.tv/oauth/applications.\n";
    co_return 1;
  }
  auto device = json_object(*started);
  const std::string device_code = device ? text_field(*device, "device_code") : "";
  const std::string user_code = device ? text_field(*device, "user_code") : "";
  if (device_code.empty() || user_code.empty()) {
    err << "Trakt's answer to the login request could not be read. Try again in a few minutes.\n";
    co_return 1;
  }
  std::string verification_url = text_field(*device, "verification_url");
  if (verification_url.empty()) verification_url = "https://trakt.tv/activate";
  const auto expires_in = std::max<std::int64_t>(1, support::int_field(*device, "expires_in").value_or(600));
  const auto asked_interval = support::int_field(*device, "interval").value_or(5);
  auto interval = std::chrono::seconds(std::clamp<std::int64_t>(asked_interval, 1, 60));

  // 2. Tell the person what to do, plainly enough to read aloud.
  err << "\nTo connect trakt-mcp to your Trakt account:\n"
      << "  1. Open " << verification_url << "\n"
      << "  2. Enter the code  " << user_code << "\n"
      << "  (or open https://trakt.tv/activate/" << user_code << " directly)\n\n"
      << "Waiting for you to approve it (the code expires in " << (expires_in + 59) / 60
      << " minutes; Ctrl-C to stop)..." << std::endl;

  // 3. Poll until approved, denied or expired.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(expires_in);
  json::object poll_body{{"code", device_code}, {"client_id", s.client_id}, {"client_secret", s.client_secret}};
  while (std::chrono::steady_clock::now() < deadline) {
    co_await support::sleep_for(interval);
    auto r = co_await (*api)->post("/oauth/device/token", poll_body);
    if (!r) {
      err << "  (could not reach Trakt: " << r.error().message << " Still trying.)" << std::endl;
      continue;
    }
    switch (r->result_int()) {
      case 200: {
        auto body = json_object(*r);
        auto tokens = body ? tokens_from_json(*body) : Result<Tokens>(Failure{FailureKind::bad_response, "not JSON"});
        if (!tokens) {
          err << "Trakt approved the login but its token response could not be read (" << tokens.error().message
              << "). Run `trakt-mcp login` again.\n";
          co_return 1;
        }
        auto store = app.token_store();
        if (auto saved = store ? (*store)->save(*tokens) : Result<void>(store.error()); !saved) {
          err << saved.error().message << "\n";
          co_return 1;
        }
        // Named first: no temporaries inside co_await (GCC 12).
        std::string settings_path = "/users/settings";
        trakt::Query no_query;
        auto settings = co_await (*api)->get_value(std::move(settings_path), std::move(no_query));
        std::string name = settings ? who(*settings) : "";
        out << "Logged in to Trakt" << (name.empty() ? "" : " as " + name) << ". Tokens saved in the "
            << (*store)->describe() << ".\n";
        co_return 0;
      }
      case 400:  // pending: the person has not approved yet
        break;
      case 429:  // polling too fast: slow down
        interval = std::min(interval * 2, options.max_interval);
        break;
      case 404:
        err << "Trakt does not know this login code (404). Run `trakt-mcp login` again.\n";
        co_return 1;
      case 409:
        err << "This login code was already used (409). Run `trakt-mcp login` again.\n";
        co_return 1;
      case 410:
        err << "The login code expired before it was approved (410). Run `trakt-mcp login` again and approve it "
               "within "
            << (expires_in + 59) / 60 << " minutes.\n";
        co_return 1;
      case 418:
        err << "The login was denied at Trakt (418). If that was a mistake, run `trakt-mcp login` again and "
               "choose Yes.\n";
        co_return 1;
      default:
        if (r->result_int() >= 500) {
          err << "  (Trakt answered HTTP " << r->result_int() << "; still trying.)" << std::endl;
          break;
        }
        err << "The login failed: " << describe_status(*r, "the login").message << "\n";
        co_return 1;
    }
  }
  err << "The login code expired before it was approved. Run `trakt-mcp login` again and approve it within "
      << (expires_in + 59) / 60 << " minutes.\n";
  co_return 1;
}

net::awaitable<int> logout(SingleUser* app_ptr, std::ostream* out_ptr, std::ostream* err_ptr) {
  SingleUser& app = *app_ptr;
  std::ostream& out = *out_ptr;
  std::ostream& err = *err_ptr;
  auto store = app.token_store();
  if (!store) {
    err << store.error().message << "\n";
    co_return 2;
  }
  auto tokens = (*store)->load();
  if (tokens && !*tokens) {
    out << "Not logged in (nothing in the " << (*store)->describe() << "); nothing to do.\n";
    co_return 0;
  }
  bool revoked = false;
  if (tokens && require_credentials(app.settings(), err, true)) {
    if (auto api = app.api()) {
      const auto& s = app.settings();
      json::object body{{"token", (*tokens)->access_token}, {"client_id", s.client_id},
                        {"client_secret", s.client_secret}};
      auto r = co_await (*api)->post("/oauth/revoke", std::move(body), (*tokens)->access_token);
      if (!r)
        err << "Could not revoke the login at Trakt (" << r.error().message
            << ") It stays listed under https://trakt.tv/oauth/authorized_applications until you revoke it there.\n";
      else if (r->result_int() / 100 != 2)
        err << "Trakt did not revoke the login (" << describe_status(*r, "the revocation").message
            << ") You can revoke it at https://trakt.tv/oauth/authorized_applications.\n";
      else
        revoked = true;
    }
  }
  if (auto removed = (*store)->remove(); !removed) {
    err << removed.error().message << "\n";
    co_return 1;
  }
  out << (revoked ? "Logged out: the login was revoked at Trakt and deleted from the "
                  : "Logged out locally: the login was deleted from the ")
      << (*store)->describe() << ".\n";
  co_return 0;
}

net::awaitable<int> status(SingleUser* app_ptr, std::ostream* out_ptr) {
  SingleUser& app = *app_ptr;
  std::ostream& out = *out_ptr;
  const Settings& s = app.settings();
  auto store = app.token_store();
  out << "trakt-mcp " << version() << "\n"
      << "API:            " << s.api_url << "\n"
      << "Client ID:      " << (s.client_id.empty() ? "not set (TRAKT_CLIENT_ID)" : "set (" + s.credentials_source + ")")
      << "\n"
      << "Client secret:  " << (s.client_secret.empty() ? "not set (TRAKT_CLIENT_SECRET)" : "set (" + s.credentials_source + ")")
      << "\n"
      << "Config folder:  " << config_dir().string() << "\n";
  if (!store) {
    out << "Token store:    " << store.error().message << "\n";
    co_return 1;
  }
  out << "Token store:    " << (*store)->describe() << "\n";
  auto tokens = (*store)->load();
  if (!tokens) {
    out << "Login:          unusable: " << tokens.error().message << "\n";
    co_return 1;
  }
  if (!*tokens) {
    out << "Login:          not logged in (run `trakt-mcp login`)\n";
    co_return 1;
  }
  const auto expires = (*tokens)->expires_at();
  const auto left = expires - TokenManager::system_clock();
  out << "Access token:   " << (left > 0 ? "expires " : "expired ") << local_time(expires) << " (" << relative(left)
      << (left > 0 ? ")" : "; refreshed on the next call)") << "\n";
  if (s.client_id.empty()) {
    out << "Login:          saved, but TRAKT_CLIENT_ID is not set\n";
    co_return 1;
  }
  auto api = app.api();
  if (!api) {
    out << "Login:          saved, but " << api.error().message << "\n";
    co_return 1;
  }
  std::string settings_path = "/users/settings";  // named first (GCC 12)
  trakt::Query no_query;
  auto settings = co_await (*api)->get_value(std::move(settings_path), std::move(no_query));
  if (!settings) {
    const bool offline = settings.error().kind == FailureKind::network || settings.error().kind == FailureKind::timeout ||
                         settings.error().kind == FailureKind::tls;
    out << "Login:          saved; " << (offline ? "Trakt is not reachable: " : "") << settings.error().message << "\n";
    co_return 1;
  }
  std::string name = who(*settings);
  out << "Login:          logged in" << (name.empty() ? "" : " as " + name) << "\n"
      << "Trakt API:      reachable\n";
  co_return 0;
}

}  // namespace app
