#include "trakt/read_cache.hpp"

#include <boost/json/serialize.hpp>

namespace trakt {

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr std::chrono::seconds hour = 1h;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// "/shows/{id}/progress/..." (the user's progress in one show).
bool is_show_progress(std::string_view path) {
  if (!starts_with(path, "/shows/")) return false;
  auto rest = path.substr(7);
  auto slash = rest.find('/');
  return slash != std::string_view::npos && starts_with(rest.substr(slash), "/progress/");
}

}  // namespace

std::optional<CacheRule> cache_rule(std::string_view path) {
  // The user's own lists: exactly what last_activities reports on.
  if (starts_with(path, "/sync/history") || starts_with(path, "/sync/watched"))
    return CacheRule{{"/movies/watched_at", "/episodes/watched_at"}};
  if (starts_with(path, "/sync/watchlist"))
    return CacheRule{{"/watchlist/updated_at", "/movies/watchlisted_at", "/shows/watchlisted_at",
                      "/seasons/watchlisted_at", "/episodes/watchlisted_at"}};
  if (starts_with(path, "/sync/ratings"))
    return CacheRule{{"/movies/rated_at", "/shows/rated_at", "/seasons/rated_at", "/episodes/rated_at"}};
  // Paused part-way ("continue watching").
  if (starts_with(path, "/sync/playback")) return CacheRule{{"/movies/paused_at", "/episodes/paused_at"}};
  if (starts_with(path, "/users/hidden/"))
    return CacheRule{{"/movies/hidden_at", "/shows/hidden_at", "/seasons/hidden_at"}};
  if (path == "/users/me/stats") return CacheRule{{"/all"}};
  // Personal lists and their items (a list's updated_at moves with its items;
  // liked_at is about other people's lists).
  if (starts_with(path, "/users/me/lists")) return CacheRule{{"/lists/updated_at"}};
  // Progress, the calendar and recommendations mix the user's activity with
  // Trakt's own data (a new episode airs, the schedule moves): both checks.
  if (is_show_progress(path))
    return CacheRule{{"/episodes/watched_at", "/shows/hidden_at", "/seasons/hidden_at"}, hour};
  if (starts_with(path, "/calendars/my/") || starts_with(path, "/recommendations/")) return CacheRule{{"/all"}, hour};
  // Public data.
  if (starts_with(path, "/search/") || starts_with(path, "/movies/") || starts_with(path, "/shows/") ||
      starts_with(path, "/people/"))
    return CacheRule{{}, hour};
  return std::nullopt;
}

std::vector<std::string_view> reads_touched_by(std::string_view path) {
  if (starts_with(path, "/sync/watchlist")) return {"/sync/watchlist", "/calendars/my/", "/recommendations/"};
  if (starts_with(path, "/sync/ratings")) return {"/sync/ratings", "/users/me/stats", "/recommendations/"};
  if (starts_with(path, "/users/me/lists")) return {"/users/me/lists"};
  // Plays: history, history/remove, check-ins.
  if (starts_with(path, "/sync/history") || starts_with(path, "/checkin") || starts_with(path, "/scrobble"))
    return {"/sync/history", "/sync/watched", "/shows/", "/users/me/stats", "/calendars/my/", "/recommendations/"};
  if (starts_with(path, "/sync/playback")) return {"/sync/playback"};
  // Hiding (any section) takes a show out of progress (up next), the calendar or recommendations.
  if (starts_with(path, "/users/hidden/"))
    return {"/users/hidden/", "/shows/", "/calendars/my/", "/recommendations/"};
  // Anything else: everything of the user's may have changed.
  return {""};
}

std::string activity_stamp(const json::value& last_activities, const std::vector<std::string_view>& activities) {
  auto at = [&](std::string_view pointer) -> const json::string* {
    boost::system::error_code ec;
    const json::value* v = last_activities.find_pointer(pointer, ec);
    return v && v->is_string() ? &v->get_string() : nullptr;
  };
  const json::string* all = at("/all");
  std::string stamp;
  for (auto pointer : activities) {
    const json::string* v = at(pointer);
    if (!v) v = all;
    if (!v) return json::serialize(last_activities);  // nothing we know: any change is a change
    stamp.append(v->data(), v->size()).push_back(' ');
  }
  return stamp;
}

ReadCache::ReadCache(std::size_t max_bytes, Clock clock) : max_bytes_(max_bytes), clock_(std::move(clock)) {}

std::optional<HttpResponse> ReadCache::find(const std::string& key, std::string_view stamp,
                                            std::chrono::seconds max_age) {
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  auto entry = it->second;
  if (entry->stamp != stamp || (max_age.count() > 0 && clock_() - entry->stored_at > max_age)) {
    erase(entry);
    return std::nullopt;
  }
  entries_.splice(entries_.begin(), entries_, entry);
  return entry->response;
}

void ReadCache::store(const std::string& key, std::string stamp, const HttpResponse& response) {
  std::size_t header_bytes = 0;
  for (const auto& field : response) header_bytes += field.name_string().size() + field.value().size() + 4;
  const std::size_t bytes = response.body().size() + header_bytes + 2 * key.size() + stamp.size() + 128;
  if (auto old = index_.find(key); old != index_.end()) erase(old->second);
  if (bytes > max_bytes_ / 4) return;
  while (bytes_ + bytes > max_bytes_ && !entries_.empty()) erase(std::prev(entries_.end()));
  entries_.push_front(Entry{key, std::move(stamp), clock_(), response, bytes});
  index_.emplace(entries_.front().key, entries_.begin());
  bytes_ += bytes;
}

void ReadCache::forget(std::string_view prefix) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (starts_with(it->key, prefix)) erase(it);
    it = next;
  }
}

void ReadCache::drop(const std::string& key) {
  if (auto it = index_.find(key); it != index_.end()) erase(it->second);
}

void ReadCache::erase(List::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(std::string_view(it->key));
  entries_.erase(it);
}

}  // namespace trakt
