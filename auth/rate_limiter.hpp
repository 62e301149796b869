#pragma once
// A token bucket per peer address, in memory, remembering a bounded number of
// peers (the least recently seen are forgotten first). Safe to share between
// threads.

#include "auth/settings.hpp"

#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace auth {

class RateLimiter {
public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(RateLimit limit, std::size_t max_peers);

  // nullopt when the request may go ahead (and is counted); otherwise how long
  // until it would.
  std::optional<std::chrono::seconds> take(std::string_view peer, Clock::time_point now);

private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
    std::list<std::string>::iterator recency;
  };
  RateLimit limit_;
  std::size_t max_peers_;
  std::mutex mutex_;
  std::list<std::string> recency_;  // front: most recently seen
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace auth
