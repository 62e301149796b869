// See poster_cache.hpp.

#include "trakt/poster_cache.hpp"

#include "support/atomic_file.hpp"
#include "support/log.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <system_error>
#include <vector>

namespace trakt {

namespace fs = std::filesystem;
using std::chrono::seconds;

namespace {

constexpr std::string_view kSuffix = ".webp";
// RFC 9111 §1.2.2: a delta-seconds beyond 2^31 is read as 2^31.
constexpr std::int64_t kMaxDelta = 2147483648;

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Delta-seconds: digits only; nullopt when malformed.
std::optional<std::int64_t> delta_seconds(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::int64_t n = 0;
  for (char c : v) {
    n = n * 10 + (c - '0');
    if (n >= kMaxDelta) return kMaxDelta;
  }
  return n;
}

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::floor<seconds>(t.time_since_epoch()).count();
}

void log_debug(const std::string& message) { support::log::debug("posters", message); }

// The last use of a file is its mtime: set to `now` when written or read.
void touch(const fs::path& path, std::chrono::system_clock::time_point now) {
  const auto since = now.time_since_epoch();
  const auto s = std::chrono::floor<seconds>(since);
  timespec ts{};
  ts.tv_sec = time_t(s.count());
  ts.tv_nsec = long(std::chrono::duration_cast<std::chrono::nanoseconds>(since - s).count());
  const timespec times[2] = {ts, ts};
  if (::utimensat(AT_FDCWD, path.c_str(), times, 0) != 0) {
    log_debug("cannot touch " + path.string() + " (" + std::strerror(errno) + ")");
  }
}

std::optional<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

// `<key>.<expires>.webp` → key and expires; nullopt for any other name.
struct FileName {
  std::string key;
  std::int64_t expires;
};
std::optional<FileName> parse_file_name(std::string_view name) {
  if (name.size() <= kSuffix.size() || name.substr(name.size() - kSuffix.size()) != kSuffix) return std::nullopt;
  name.remove_suffix(kSuffix.size());
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view key = name.substr(0, dot);
  const std::string_view digits = name.substr(dot + 1);
  if (!valid_poster_key(key) || digits.empty() || digits.size() > 18) return std::nullopt;
  std::int64_t expires = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), expires);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return FileName{std::string(key), expires};
}

}  // namespace

std::optional<seconds> cache_lifetime(std::string_view cache_control, seconds fallback) {
  std::optional<std::int64_t> max_age;
  bool malformed_max_age = false;
  while (!cache_control.empty()) {
    const auto comma = cache_control.find(',');
    const std::string_view directive = trim(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos ? std::string_view{} : cache_control.substr(comma + 1);
    const auto eq = directive.find('=');
    const std::string_view name = trim(directive.substr(0, eq));
    const std::string_view value = eq == std::string_view::npos ? std::string_view{} : trim(directive.substr(eq + 1));
    if (iequals(name, "no-store") || iequals(name, "no-cache")) return std::nullopt;
    if (iequals(name, "max-age") && !max_age && !malformed_max_age) {
      max_age = delta_seconds(value);
      malformed_max_age = !max_age;
    }
  }
  if (malformed_max_age) return std::nullopt;
  if (!max_age) return fallback > seconds{0} ? std::optional<seconds>(fallback) : std::nullopt;
  if (*max_age == 0) return std::nullopt;
  return seconds{*max_age};
}

bool valid_poster_key(std::string_view key) {
  return !key.empty() && key.size() <= 64 &&
         std::all_of(key.begin(), key.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

PosterCache::PosterCache(PosterCacheOptions options) : options_(std::move(options)) {}

fs::path PosterCache::file_of(const Entry& e) const {
  return options_.dir / (e.key + "." + std::to_string(e.expires) + std::string(kSuffix));
}

void PosterCache::drop(Order::iterator it) {
  std::error_code ec;
  fs::remove(file_of(*it), ec);
  if (ec) log_debug("cannot remove " + file_of(*it).string() + " (" + ec.message() + ")");
  total_ -= it->size;
  by_key_.erase(it->key);
  order_.erase(it);
}

// What an earlier run left: the newest file of each key that has not expired,
// most recently used first (by mtime); expired files and a key's older files
// are removed, other files left alone.
void PosterCache::scan_once(std::int64_t now_s) {
  if (scanned_) return;
  scanned_ = true;
  struct Found {
    FileName name;
    fs::path path;
    std::uint64_t size;
    fs::file_time_type used;
  };
  std::map<std::string, std::vector<Found>> by_key;
  std::error_code ec;
  fs::directory_iterator it(options_.dir, ec);
  if (ec) {
    if (ec != std::errc::no_such_file_or_directory) log_debug("cannot read " + options_.dir.string() + " (" + ec.message() + ")");
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    auto name = parse_file_name(it->path().filename().string());
    if (!name) continue;
    std::error_code e1, e2, e3;
    if (!fs::is_regular_file(it->symlink_status(e1))) continue;  // never through a link
    const auto size = fs::file_size(it->path(), e2);
    const auto used = fs::last_write_time(it->path(), e3);
    if (e1 || e2 || e3) continue;
    by_key[name->key].push_back(Found{*name, it->path(), size, used});
  }
  std::vector<Found> kept;
  for (auto& [key, files] : by_key) {
    std::sort(files.begin(), files.end(), [](const Found& a, const Found& b) {
      return a.used != b.used ? a.used > b.used : a.name.expires > b.name.expires;
    });
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (i == 0 && files[i].name.expires > now_s) {
        kept.push_back(std::move(files[i]));
      } else {
        fs::remove(files[i].path, ec);
      }
    }
  }
  std::sort(kept.begin(), kept.end(), [](const Found& a, const Found& b) {
    return a.used != b.used ? a.used > b.used : a.name.key < b.name.key;
  });
  for (auto& f : kept) {
    order_.push_back(Entry{f.name.key, f.name.expires, f.size});
    by_key_[f.name.key] = std::prev(order_.end());
    total_ += f.size;
  }
  while (total_ > options_.max_bytes && !order_.empty()) drop(std::prev(order_.end()));
}

std::optional<std::string> PosterCache::get(std::string_view key, std::chrono::system_clock::time_point now) {
  try {
    if (options_.max_bytes == 0 || !valid_poster_key(key)) return std::nullopt;
    std::lock_guard lock(mutex_);
    const std::int64_t now_s = unix_seconds(now);
    scan_once(now_s);
    const auto found = by_key_.find(std::string(key));
    if (found == by_key_.end()) return std::nullopt;
    const auto it = found->second;
    if (it->expires <= now_s) {
      drop(it);
      return std::nullopt;
    }
    auto bytes = read_whole(file_of(*it));
    if (!bytes || bytes->empty()) {
      log_debug("cannot read " + file_of(*it).string());
      drop(it);
      return std::nullopt;
    }
    total_ = total_ - it->size + bytes->size();  // someone may have changed it: count what is there
    it->size = bytes->size();
    touch(file_of(*it), now);
    order_.splice(order_.begin(), order_, it);
    return bytes;
  } catch (const std::exception& e) {
    log_debug(std::string("get failed: ") + e.what());
    return std::nullopt;
  } catch (...) {
    return std::nullopt;
  }
}

bool PosterCache::put(std::string_view key, std::string_view bytes, std::string_view cache_control,
                      std::chrono::system_clock::time_point now) {
  try {
    if (options_.max_bytes == 0 || !valid_poster_key(key) || bytes.empty()) return false;
    std::lock_guard lock(mutex_);
    const std::int64_t now_s = unix_seconds(now);
    scan_once(now_s);
    // These bytes supersede what was kept for the key, whether or not they are kept.
    if (const auto old = by_key_.find(std::string(key)); old != by_key_.end()) drop(old->second);
    const auto lifetime = cache_lifetime(cache_control, options_.default_max_age);
    if (!lifetime || bytes.size() > options_.max_bytes) return false;
    const std::int64_t expires =
        now_s > std::numeric_limits<std::int64_t>::max() - lifetime->count() ? std::numeric_limits<std::int64_t>::max() : now_s + lifetime->count();
    while (total_ + bytes.size() > options_.max_bytes && !order_.empty()) drop(std::prev(order_.end()));

    std::error_code ec;
    if (!options_.dir.parent_path().empty()) fs::create_directories(options_.dir.parent_path(), ec);
    if (::mkdir(options_.dir.c_str(), 0700) != 0 && errno != EEXIST) {
      log_debug("cannot create " + options_.dir.string() + " (" + std::strerror(errno) + ")");
      return false;
    }
    Entry entry{std::string(key), expires, bytes.size()};
    const fs::path path = file_of(entry);
    if (auto error = support::write_file_atomically(path, bytes, 0600)) {
      log_debug(error->message);
      return false;
    }
    touch(path, now);
    order_.push_front(std::move(entry));
    by_key_[order_.front().key] = order_.begin();
    total_ += bytes.size();
    return true;
  } catch (const std::exception& e) {
    log_debug(std::string("put failed: ") + e.what());
    return false;
  } catch (...) {
    return false;
  }
}

std::uint64_t PosterCache::bytes_used() {
  try {
    if (options_.max_bytes == 0) return 0;
    std::lock_guard lock(mutex_);
    scan_once(unix_seconds(std::chrono::system_clock::now()));
    return total_;
  } catch (...) {
    return 0;
  }
}

}  // namespace trakt
