#pragma once
// Poster images kept on disk, so that a title's poster is fetched from
// Trakt's image host once and not on every look (Trakt asks apps to cache its
// images). Bounded in bytes, least recently used out first; each image kept
// only as long as its answer's Cache-Control allows. One file per key,
// `<key>.<expires unix seconds>.webp`; a file's mtime is its last use, so the
// order survives a restart. The folder is read lazily on first use, never at
// start-up. Thread-safe. A cache only: disk errors are swallowed (logged at
// debug) and read as "not kept".

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace trakt {

struct PosterCacheOptions {
  std::filesystem::path dir;                            // created (0700) on first put
  std::uint64_t max_bytes = 64ull << 20;                // 0: nothing is kept
  std::chrono::seconds default_max_age{7 * 24 * 3600};  // when the answer has no max-age
};

// How long a response may be kept, from its Cache-Control header (RFC 9111,
// as a private cache reads it); nullopt: not at all.
//  - `no-store`, or `no-cache` (we keep no validators to revalidate with): nullopt;
//  - `max-age=N` (also quoted): N seconds, the first one if repeated; N = 0 or
//    a malformed value: nullopt (a stale answer is not worth keeping);
//  - no max-age (header empty or absent, `public`, `private`, ...): `fallback`;
//  - `private` does not stop us (this cache is the user's own); `s-maxage` is
//    for shared caches and ignored. Directive names are case-insensitive.
std::optional<std::chrono::seconds> cache_lifetime(std::string_view cache_control, std::chrono::seconds fallback);

// A key names a title's poster (`movie-1390`, `show-1390`): 1..64 of [a-z0-9-].
bool valid_poster_key(std::string_view key);

class PosterCache {
public:
  explicit PosterCache(PosterCacheOptions options);

  // The bytes kept for `key` while fresh at `now` (and marks them used), else
  // nullopt. Never throws.
  std::optional<std::string> get(std::string_view key, std::chrono::system_clock::time_point now);

  // Keeps `bytes` for `key` as `cache_control` allows (replacing what was kept
  // for it), evicting least recently used entries so that the total stays
  // within max_bytes. False when not kept: a bad key, no bytes, a lifetime of
  // nothing (cache_lifetime), more bytes than max_bytes, a disk error. Never throws.
  bool put(std::string_view key, std::string_view bytes, std::string_view cache_control,
           std::chrono::system_clock::time_point now);

  // The bytes of the entries kept (reads the folder if not yet done).
  std::uint64_t bytes_used();

private:
  struct Entry {
    std::string key;
    std::int64_t expires;  // unix seconds
    std::uint64_t size;
  };
  using Order = std::list<Entry>;  // most recently used first

  void scan_once(std::int64_t now_s);
  void drop(Order::iterator it);
  std::filesystem::path file_of(const Entry& e) const;

  PosterCacheOptions options_;
  std::mutex mutex_;
  bool scanned_ = false;
  Order order_;
  std::unordered_map<std::string, Order::iterator> by_key_;
  std::uint64_t total_ = 0;
};

}  // namespace trakt
