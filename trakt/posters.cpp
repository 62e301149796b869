// See posters.hpp.

#include "trakt/posters.hpp"

#include "support/crypto.hpp"
#include "support/log.hpp"
#include "support/text.hpp"
#include "trakt/api.hpp"
#include "trakt/model/title.hpp"
#include "trakt/poster_cache.hpp"
#include "trakt/tokens.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>

namespace trakt {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// Trakt's image URLs are scheme-less ("media.trakt.tv/images/..."); only
// that host's paths are fetched, so an answer cannot send us elsewhere.
constexpr std::string_view media_host = "media.trakt.tv";
constexpr std::size_t max_image_bytes = 4 * 1024 * 1024;

PosterCache& disk_cache() {
  static PosterCache cache = [] {
    PosterCacheOptions options;
    options.dir = config_dir() / "posters";
    if (const char* mb = std::getenv("TRAKT_MCP_POSTER_CACHE_MB"); mb && *mb) {
      char* end = nullptr;
      const unsigned long long n = std::strtoull(mb, &end, 10);
      if (end && *end == '\0') options.max_bytes = n << 20;
    }
    return PosterCache(std::move(options));
  }();
  return cache;
}

// Images that just failed, so a page drawn again does not ask again at once:
// for ten minutes the title's colours stand in. Bounded: past 1024 titles it
// forgets them all, which only costs a request each.
class RecentFailures {
public:
  bool contains(const std::string& key, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    const auto it = until_.find(key);
    if (it == until_.end()) return false;
    if (it->second > now) return true;
    until_.erase(it);
    return false;
  }
  void add(std::string key, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (until_.size() >= 1024) until_.clear();
    until_[std::move(key)] = now + std::chrono::minutes(10);
  }

private:
  std::mutex mutex_;
  std::map<std::string, std::chrono::steady_clock::time_point, std::less<>> until_;
};

RecentFailures& recent_failures() {
  static RecentFailures failures;
  return failures;
}
bool failed_lately(const std::string& key) { return recent_failures().contains(key, std::chrono::steady_clock::now()); }
void remember_failure(const std::string& key) { recent_failures().add(key, std::chrono::steady_clock::now()); }

// The path of the first poster URL, when it is on Trakt's image host.
std::optional<std::string> poster_path(const std::optional<MediaImages>& images) {
  if (!images) return std::nullopt;
  for (std::string_view url : images->poster) {
    if (url.starts_with("https://")) url.remove_prefix(8);
    if (!url.starts_with(media_host) || url.size() <= media_host.size() || url[media_host.size()] != '/') continue;
    url.remove_prefix(media_host.size());
    if (url.find("..") != std::string_view::npos || url.find_first_of("?#\\") != std::string_view::npos) continue;
    return std::string(url);
  }
  return std::nullopt;
}

// {"colors": [...]}: Trakt's poster colours, which the page draws instead.
mcp::ReadResult colours_of(const std::string& uri, const std::optional<MediaColors>& colors) {
  json::array colours;
  if (colors)
    for (const auto& c : colors->poster)
      if (c.size() <= 9 && c.starts_with("#")) colours.emplace_back(c);
  mcp::ReadResult r;
  r.contents.push_back({uri, "application/json", json::serialize(json::object{{"colors", std::move(colours)}}), false, {}});
  return r;
}

// RIFF....WEBP: what the page is told it gets, whatever the header said.
bool looks_like_webp(std::string_view bytes) {
  return bytes.size() > 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP";
}

mcp::ReadResult image(const std::string& uri, std::string_view bytes) {
  mcp::ReadResult r;
  r.contents.push_back({uri, "image/webp", support::base64_encode(bytes), true, {}});
  return r;
}

// Parameters by value: the coroutine outlives the std::function that starts it.
net::awaitable<mcp::ReadResult> read_poster(std::string uri, mcp::UriVariables variables, mcp::CallContext ctx) {
  const auto kind = variables.find("kind");
  const auto id = variables.find("id");
  if (kind == variables.end() || id == variables.end() || (kind->second != "movie" && kind->second != "show") ||
      id->second.empty() || id->second.size() > 12 ||
      id->second.find_first_not_of("0123456789") != std::string::npos)
    co_return mcp::ReadResult{{}, "not a poster: use trakt://poster/movie/<trakt id> or "
                                  "trakt://poster/show/<trakt id>, as a tool's structuredContent names it.", true};
  const std::string key = kind->second + "-" + id->second;
  if (auto kept = disk_cache().get(key, std::chrono::system_clock::now())) co_return image(uri, *kept);

  auto api = tools::api_of(ctx);
  if (!api) co_return mcp::ReadResult{{}, api.error().message};
  // The summary names the image; with full it also has the colours. Public
  // and cached an hour, so the page's next read of it costs nothing.
  std::string summary_path = "/" + kind->second + "s/" + id->second;
  Query full_with_images{{"extended", "full,images"}};
  auto summary = co_await (*api)->get_public_value(std::move(summary_path), std::move(full_with_images));
  if (!summary) co_return mcp::ReadResult{{}, summary.error().message, summary.error().kind == FailureKind::not_found};
  PosterSources sources;
  model::read(*summary, sources);  // tolerant: what cannot be read is absent, and colours (or none) stand in
  const auto path = poster_path(sources.images);
  if (!path || failed_lately(key)) co_return colours_of(uri, sources.colors);

  auto got = co_await (*api)->get_media(*path);
  if (!got || got->result_int() != 200 || got->body().empty() || got->body().size() > max_image_bytes ||
      !is_webp((*got)[boost::beast::http::field::content_type]) || !looks_like_webp(got->body())) {
    support::log::debug("posters", "poster " + key + ": " +
                       (got ? "status " + std::to_string(got->result_int()) : got.error().message));
    if (got || got.error().kind != FailureKind::cancelled) remember_failure(key);
    co_return colours_of(uri, sources.colors);
  }
  disk_cache().put(key, got->body(), (*got)[boost::beast::http::field::cache_control],
                   std::chrono::system_clock::now());
  co_return image(uri, got->body());
}

}  // namespace

HttpsOptions image_host_options(HttpsOptions api) {
  constexpr std::chrono::milliseconds most{10'000};
  api.resolve_timeout = std::min(api.resolve_timeout, most);
  api.connect_timeout = std::min(api.connect_timeout, most);
  api.handshake_timeout = std::min(api.handshake_timeout, most);
  api.response_timeout = std::min(api.response_timeout, most);
  api.warm_idle = 1;  // posters come in bursts when a view opens, then not for a while
  return api;
}

bool is_webp(std::string_view content_type) {
  return support::iequals(support::trim_blanks(content_type.substr(0, content_type.find(';'))), "image/webp");
}

void register_posters(mcp::ResourceRegistry& registry, const mcp::ToolRegistry& tools) {
  if (!tools.find("get_details")) return;
  registry.add(mcp::ResourceTemplate{
      "trakt://poster/{kind}/{id}", "poster", "Poster",
      "A movie's or show's poster (kind movie or show, id its Trakt id), as named by the poster field of a "
      "tool's structuredContent: image/webp, or application/json {\"colors\": [...]} when there is no image.",
      "image/webp", read_poster, {}});
}

}  // namespace trakt
