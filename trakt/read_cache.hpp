#pragma once
// Answers of Trakt GETs kept in memory so that a repeated question does not
// re-read whole lists. Which answers may be kept and for how long is decided
// per path (cache_rule): the user's own lists are kept while
// /sync/last_activities says nothing they depend on changed (the "stamp"),
// public data (search, summaries) for an hour. Bounded in bytes, least
// recently used first out.

#include "trakt/https_client.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trakt {

// How an answer for one path may be reused.
struct CacheRule {
  // JSON pointers into /sync/last_activities whose values the answer depends
  // on; empty: public data, no check.
  std::vector<std::string_view> activities;
  // The longest an answer is kept; zero: no limit (the activity check decides).
  std::chrono::seconds max_age{0};
};

// nullopt for a path whose answers are never kept (anything not listed,
// /sync/last_activities itself, and everything that is not a GET).
std::optional<CacheRule> cache_rule(std::string_view path);

// The values of `activities` in a /sync/last_activities answer, joined: two
// equal stamps mean nothing that an answer depends on changed. A pointer that
// is missing (an older or newer Trakt) falls back to "/all", which changes
// with everything.
std::string activity_stamp(const boost::json::value& last_activities, const std::vector<std::string_view>& activities);

// The path prefixes of the cached reads a successful write to `path` may
// change ("/sync/watchlist" for "/sync/watchlist/remove"; a check-in changes
// history, watched shows, progress and stats).
std::vector<std::string_view> reads_touched_by(std::string_view write_path);

class ReadCache {
public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // 4 MiB of answers (bodies, headers and keys counted): about sixteen
  // 250-item history pages.
  static constexpr std::size_t default_max_bytes = std::size_t(4) << 20;

  explicit ReadCache(std::size_t max_bytes = default_max_bytes, Clock clock = std::chrono::steady_clock::now);

  // The answer stored under `key` with the same stamp and not older than
  // `max_age` (zero: any age); a hit becomes the most recently used.
  std::optional<HttpResponse> find(const std::string& key, std::string_view stamp, std::chrono::seconds max_age);
  // Keeps an answer, dropping the least recently used ones to stay within
  // the bound. An answer larger than a quarter of the bound is not kept.
  void store(const std::string& key, std::string stamp, const HttpResponse& response);
  // Drops every answer whose key starts with `prefix` ("" drops all); the
  // write tools use it for what they change.
  void forget(std::string_view prefix);
  // Drops the answer stored under exactly `key`: one that could not be read
  // must not be served again.
  void drop(const std::string& key);

  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return entries_.size(); }
  std::size_t max_bytes() const { return max_bytes_; }

private:
  struct Entry {
    std::string key;
    std::string stamp;
    std::chrono::steady_clock::time_point stored_at;
    HttpResponse response;
    std::size_t bytes = 0;
  };
  using List = std::list<Entry>;

  void erase(List::iterator it);

  std::size_t max_bytes_;
  Clock clock_;
  std::size_t bytes_ = 0;
  List entries_;  // most recently used first
  std::unordered_map<std::string_view, List::iterator> index_;  // views into Entry::key
};

}  // namespace trakt
