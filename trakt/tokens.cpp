#include "trakt/tokens.hpp"

#include "support/atomic_file.hpp"
#include "support/json_fields.hpp"
#include "support/log.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace trakt {

namespace json = boost::json;
namespace fs = std::filesystem;

Result<Tokens> tokens_from_json(const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return Failure{FailureKind::bad_response, "a token response must be a JSON object"};
  Tokens t;
  for (auto [key, out] : {std::pair{"access_token", &t.access_token}, std::pair{"refresh_token", &t.refresh_token}}) {
    const auto s = support::string_field(*o, key);
    if (!s || s->empty())
      return Failure{FailureKind::bad_response, std::string("\"") + key + "\" is missing or not a string"};
    *out = std::string(*s);
  }
  for (auto [key, out] : {std::pair{"created_at", &t.created_at}, std::pair{"expires_in", &t.expires_in}}) {
    const auto n = support::int_field(*o, key);
    if (!n) return Failure{FailureKind::bad_response, std::string("\"") + key + "\" is missing or not a number"};
    *out = *n;
  }
  // Optional: Trakt's defaults when absent or of the wrong type.
  if (auto s = support::string_field(*o, "token_type")) t.token_type = std::string(*s);
  if (auto s = support::string_field(*o, "scope")) t.scope = std::string(*s);
  return t;
}

void tag_invoke(json::value_from_tag, json::value& v, const Tokens& t) {
  v = json::object{{"access_token", t.access_token}, {"token_type", t.token_type},
                   {"expires_in", t.expires_in},     {"refresh_token", t.refresh_token},
                   {"scope", t.scope},               {"created_at", t.created_at}};
}

fs::path config_dir() {
  if (const char* home = std::getenv("TRAKT_MCP_HOME"); home && *home) return home;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path(xdg) / "trakt-mcp";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".config" / "trakt-mcp";
}

namespace {

std::string errno_text(int e) { return std::strerror(e); }

Failure storage_failure(const fs::path& p, std::string what) {
  return {FailureKind::storage, "Token file " + p.string() + ": " + std::move(what)};
}

}  // namespace

Result<std::optional<Tokens>> TokenFile::load() const {
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<Tokens>{};
    return storage_failure(path_, "cannot be read (" + errno_text(errno) + ").");
  }
  struct stat st {};
  ::fstat(fd, &st);
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return storage_failure(path_, "is not a regular file. Move it away and run `trakt-mcp login`.");
  }
  // Like ssh with private keys, but mending instead of refusing: close the
  // file to others and say so (a pasted-in file gets the umask's mode).
  if (st.st_mode & 077) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
    if (::fchmod(fd, 0600) == 0)
      support::log::warning("auth", path_.string() + " was readable by other users (mode " + mode +
                                    "); changed it to 0600. If someone else could read it, run `trakt-mcp logout` "
                                    "and `trakt-mcp login` for a new token.");
  }
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return storage_failure(path_, "cannot be read (" + errno_text(e) + ").");
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > 1024 * 1024) {
      ::close(fd);
      return storage_failure(path_, "is far too large to be a token file. Move it away and run `trakt-mcp login`.");
    }
  }
  ::close(fd);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return storage_failure(path_, "is empty. Run `trakt-mcp login` to write a new one.");
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec)
    return storage_failure(path_, "is not valid JSON (" + ec.message() +
                                      "). It should hold Trakt's token response; run `trakt-mcp login` to "
                                      "write a new one.");
  auto t = tokens_from_json(v);
  if (!t) return storage_failure(path_, t.error().message + ". Run `trakt-mcp login` to write a new one.");
  return std::optional<Tokens>{std::move(*t)};
}

Result<void> TokenFile::save(const Tokens& tokens) const {
  const fs::path dir = path_.parent_path().empty() ? fs::path(".") : path_.parent_path();
  std::error_code fec;
  if (!fs::exists(dir, fec)) {
    fs::create_directories(dir.parent_path().empty() ? dir : dir.parent_path(), fec);
    // The last folder is made 0700 from the start: no window at the umask's mode.
    if ((fec || ::mkdir(dir.c_str(), 0700) != 0) && !fs::is_directory(dir))
      return storage_failure(path_, "cannot create its folder " + dir.string() + ".");
  }
  // The folder holds the login: close it to others, as the file.
  // (Never the home folder itself, should TRAKT_MCP_HOME point there.)
  const char* home = std::getenv("HOME");
  const bool is_home = home && *home && fs::equivalent(dir, home, fec);
  struct stat dst {};
  if (!is_home && ::stat(dir.c_str(), &dst) == 0 && (dst.st_mode & 077) && dst.st_uid == ::geteuid()) {
    if (::chmod(dir.c_str(), 0700) == 0)
      support::log::warning("auth", dir.string() + " was open to other users; changed it to 0700.");
  }
  const std::string text = json::serialize(json::value_from(tokens)) + "\n";
  // Beside the old pair, made durable, then swapped in: no crash can lose the
  // only valid refresh token. Leftovers of killed saves are removed.
  if (auto failed = support::write_file_atomically(path_, text, 0600))
    return storage_failure(path_, failed->reason + ".");
  return {};
}

Result<void> TokenFile::remove() const {
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT)
    return storage_failure(path_, "cannot be deleted (" + errno_text(errno) + ").");
  return {};
}

}  // namespace trakt
