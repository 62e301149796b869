#include "trakt/keychain_store.hpp"

#include "support/atomic_file.hpp"
#include "support/json_fields.hpp"
#include "support/log.hpp"
#include "support/posix.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace trakt {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* service = "trakt";

struct ProgramResult {
  int exit_code = -1;  // -1: could not run it
  std::string out;
};

// Runs a program with `input` on its stdin and returns its stdout; stderr is
// discarded (it would only repeat what the exit status says).
ProgramResult run(const std::vector<std::string>& argv, const std::string& input) {
  int in[2], out[2];
  if (!support::open_cloexec_pipe(in)) return {};
  if (!support::open_cloexec_pipe(out)) {
    ::close(in[0]);
    ::close(in[1]);
    return {};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  ProgramResult result;
  if (rc != 0) {
    ::close(in[1]);
    ::close(out[0]);
    return result;
  }
  // Inputs are a few hundred bytes: far below the pipe buffer, no deadlock.
  for (std::size_t done = 0; done < input.size();) {
    ssize_t n = ::write(in[1], input.data() + done, input.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += std::size_t(n);
  }
  ::close(in[1]);
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.out.append(buf, std::size_t(n));
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return result;
}

// A value `security -i` can take in double quotes.
bool quotable(const std::string& v) {
  return !v.empty() && v.find_first_of("\"\\\n\r") == std::string::npos;
}

json::object read_config(const fs::path& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  auto v = text.empty() ? json::value() : json::parse(text, ec);
  if (!ec && v.is_object()) return std::move(v.get_object());
  return {};
}

// Replaced atomically like our token file; 0600, as it describes the login.
Result<void> write_config(const fs::path& path, const json::object& o) {
  std::error_code fec;
  fs::create_directories(path.parent_path(), fec);
  if (auto failed = support::write_file_atomically(path, json::serialize(o) + "\n", 0600))
    return Failure{FailureKind::storage, failed->message};
  return {};
}

}  // namespace

KeychainTokenStore::KeychainTokenStore(std::string security_program, fs::path recipe_config)
    : security_(std::move(security_program)), config_(std::move(recipe_config)) {}

KeychainTokenStore KeychainTokenStore::from_environment() {
  const char* home = std::getenv("HOME");
  return KeychainTokenStore("security", fs::path(home && *home ? home : ".") / ".config" / "trakt" / "config.json");
}

std::optional<std::string> KeychainTokenStore::read(const std::string& account) const {
  auto r = run({security_, "find-generic-password", "-s", service, "-a", account, "-w"}, "");
  if (r.exit_code != 0) return std::nullopt;
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == '\r')) r.out.pop_back();
  if (r.out.empty()) return std::nullopt;
  return r.out;
}

Result<std::optional<Tokens>> KeychainTokenStore::load() const {
  auto probe = run({security_, "help"}, "");
  if (probe.exit_code == -1)
    return Failure{FailureKind::storage,
                   "The keychain token store needs Apple's `security` program, which is not on PATH "
                   "(TRAKT_TOKEN_STORE=file keeps the login in a file instead)."};
  auto access = read("access_token");
  auto refresh = read("refresh_token");
  if (!access && !refresh) return std::optional<Tokens>{};
  if (!access || !refresh)
    return Failure{FailureKind::storage, std::string("The keychain (service \"trakt\") has no ") +
                                             (access ? "refresh_token" : "access_token") +
                                             " entry. Run `trakt-mcp login` to store a complete login."};
  Tokens t;
  t.access_token = *access;
  t.refresh_token = *refresh;
  // The recipe keeps only the expiry; no expiry counts as expired, so the
  // first call refreshes and writes one.
  // int64_t: seconds::rep is long in libstdc++ and long long in libc++.
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  std::int64_t expires_at = 0;
  auto config = read_config(config_);
  if (auto ms = support::int_field(config, "expiresAt")) expires_at = *ms / 1000;
  t.created_at = std::min(now, expires_at);
  t.expires_in = expires_at - t.created_at;
  return std::optional<Tokens>{std::move(t)};
}

Result<void> KeychainTokenStore::save(const Tokens& t) const {
  if (!quotable(t.access_token) || !quotable(t.refresh_token))
    return Failure{FailureKind::storage, "Trakt sent a token the keychain store cannot hold (unexpected characters)."};
  // One `security -i` session for both entries keeps the window in which the
  // keychain holds half a pair as short as it can be.
  const std::string commands = std::string("add-generic-password -U -s ") + service +
                               " -a access_token -w \"" + t.access_token + "\"\n" +
                               "add-generic-password -U -s " + service + " -a refresh_token -w \"" +
                               t.refresh_token + "\"\n";
  auto r = run({security_, "-i"}, commands);
  if (r.exit_code != 0)
    return Failure{FailureKind::storage, "Could not write the login to the keychain (`security` exit status " +
                                             std::to_string(r.exit_code) + ")."};
  auto config = read_config(config_);
  config["expiresAt"] = t.expires_at() * 1000;
  return write_config(config_, config);
}

Result<void> KeychainTokenStore::remove() const {
  for (const char* account : {"access_token", "refresh_token"})
    run({security_, "delete-generic-password", "-s", service, "-a", account}, "");
  auto config = read_config(config_);
  if (config.erase("expiresAt") && !config.empty()) return write_config(config_, config);
  if (config.empty()) ::unlink(config_.c_str());
  return {};
}

std::string KeychainTokenStore::describe() const {
  return "macOS keychain (service \"trakt\") with the expiry in " + config_.string();
}

std::optional<std::int64_t> KeychainTokenStore::change_stamp() const {
  return support::modification_time_ns(config_);
}

std::optional<std::int64_t> FileTokenStore::change_stamp() const {
  return support::modification_time_ns(file_.path());
}

Result<TokenStoreKind> choose_token_store(std::optional<std::string_view> setting, support::Platform platform,
                                          bool token_file_exists) {
  if (!setting || setting->empty()) {
    if (platform == support::Platform::macos && !token_file_exists) return TokenStoreKind::keychain;
    return TokenStoreKind::file;
  }
  if (*setting == "file") return TokenStoreKind::file;
  if (*setting == "keychain") return TokenStoreKind::keychain;
  return Failure{FailureKind::config,
                 "TRAKT_TOKEN_STORE must be \"file\" or \"keychain\" (got \"" + std::string(*setting) + "\")."};
}

Result<TokenStoreKind> token_store_kind_from_environment() {
  const char* v = std::getenv("TRAKT_TOKEN_STORE");
  std::optional<std::string_view> setting;
  if (v) setting = v;
  std::error_code ec;
  const bool file_exists = fs::exists(TokenFile::default_location().path(), ec);
  return choose_token_store(setting, support::this_platform, file_exists);
}

Result<std::shared_ptr<TokenStore>> token_store_from_environment() {
  auto kind = token_store_kind_from_environment();
  if (!kind) return kind.error();
  if (*kind == TokenStoreKind::keychain)
    return std::shared_ptr<TokenStore>(std::make_shared<KeychainTokenStore>(KeychainTokenStore::from_environment()));
  return std::shared_ptr<TokenStore>(std::make_shared<FileTokenStore>(TokenFile::default_location()));
}

}  // namespace trakt
