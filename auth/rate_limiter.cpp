#include "auth/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace auth {

RateLimiter::RateLimiter(RateLimit limit, std::size_t max_peers)
    : limit_(limit), max_peers_(std::max<std::size_t>(max_peers, 1)) {}

std::optional<std::chrono::seconds> RateLimiter::take(std::string_view peer, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(peer));
  if (it == buckets_.end()) {
    // Forget the least recently seen peer when full.
    if (buckets_.size() >= max_peers_) {
      buckets_.erase(recency_.back());
      recency_.pop_back();
    }
    recency_.emplace_front(peer);
    it = buckets_.emplace(std::string(peer), Bucket{limit_.burst, now, recency_.begin()}).first;
  } else {
    recency_.splice(recency_.begin(), recency_, it->second.recency);
  }
  auto& bucket = it->second;
  const double per_second = limit_.per_minute / 60.0;
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(limit_.burst, bucket.tokens + elapsed * per_second);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait = per_second > 0 ? (1.0 - bucket.tokens) / per_second : 3600.0;
  return std::chrono::seconds(static_cast<long long>(std::ceil(std::max(wait, 1.0))));
}

}  // namespace auth
