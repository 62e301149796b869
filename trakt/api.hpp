#pragma once
// The Trakt API as our tools need it: authenticated GETs with the required
// headers, pagination, rate-limit waits and retries, and the token refresh
// call. Every failure comes back as a sentence that says what to do.

#include "support/event.hpp"
#include "trakt/error.hpp"
#include "trakt/https_client.hpp"
#include "trakt/read_cache.hpp"
#include "trakt/token_manager.hpp"
#include "trakt/tokens.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trakt {

struct ApiConfig {
  std::string client_id;
  std::string client_secret;
  std::string user_agent;  // trakt-mcp/<version>
  // The app's redirect URI, which Trakt wants again with every refresh: the
  // device flow's out-of-band one, or hosted mode's /callback.
  std::string redirect_uri = "urn:ietf:wg:oauth:2.0:oob";
};

// How hard we try and how much we ask at once.
struct RequestPolicy {
  int max_attempts = 4;                               // first try included
  std::chrono::milliseconds backoff{500};             // doubled per retry (502/503/504, dropped connections)
  std::chrono::seconds max_retry_after{20};           // longest 429 wait we sit through
  int parallel_pages = 4;                             // pages fetched at once
  std::chrono::milliseconds write_interval{1000};     // Trakt allows about one write a second per user
};

using Query = std::vector<std::pair<std::string, std::string>>;

struct Page {
  boost::json::array items;
  int page_count = 1;   // X-Pagination-Page-Count, 1 when absent
};

// Called after each page: (pages fetched, pages in all).
using PageProgress = std::function<void(int done, int total)>;
// Called with each page as soon as it is parsed (page numbers from 1), while
// later pages are still on their way: a tool maps it there instead of after
// the last one. Pages past the list's end may be seen too (empty on Trakt).
using PageHandler = std::function<void(int page, const boost::json::array& items)>;

class TraktApi {
public:
  // Sends one request and reads the whole answer: HttpsClient::send in the
  // program, a script in unit tests.
  using Sender = std::function<boost::asio::awaitable<Result<HttpResponse>>(HttpRequest)>;

  // `base_path` is the endpoint's path prefix (Endpoint::base_path, usually empty).
  TraktApi(Sender send, std::string base_path, ApiConfig config, RequestPolicy policy = {});
  // Through `http`, which must outlive this, under its endpoint's base path.
  TraktApi(HttpsClient& http, ApiConfig config, RequestPolicy policy = {});

  // Needed before get(); the token manager's refresher calls refresh_tokens().
  void use_tokens(TokenManager& tokens) { tokens_ = &tokens; }

  // Keeps answers in a ReadCache of at most `max_bytes` (see read_cache.hpp);
  // without this call every GET goes to Trakt.
  void enable_cache(std::size_t max_bytes = ReadCache::default_max_bytes);
  // A new question (a tool call) starts: its cached reads trust only a
  // /sync/last_activities answer that arrives after this, fetched once and
  // shared by its reads and by every question asked while it is in flight.
  void begin_question();
  // Forgets the cached answer to this GET: its body could not be read, or a
  // tool could not map it, so the next ask goes to Trakt again instead of
  // meeting the same broken answer until last_activities moves.
  void distrust(const std::string& path, const Query& query);
  // Drops cached answers for paths starting with `path_prefix` (after a write).
  void forget(std::string_view path_prefix);

  // A small value a tool computed from the reads of one GET (a year's summary
  // of its history pages), looked up before reading them again.
  struct Recall {
    std::optional<boost::json::value> value;  // kept, and nothing the reads depend on changed since
    std::string key;                          // the GET's target and "#" `what`: forget() of its path drops it
    // The activities the lookup was checked against, which remember() keeps a
    // new value under: a value computed from reads made after this check is
    // never stamped with a later one. None: nothing can be kept (no cache, no
    // rule for the path, the check failed).
    std::optional<std::string> stamp;
  };
  // The value remembered as `what` for `path` + `query`, under the path's
  // CacheRule: the question's one /sync/last_activities check decides, as for
  // the pages themselves, and the same writes drop it (reads_touched_by).
  // It does not need the pages to be kept: a summary of 9 MB of pages stays.
  boost::asio::awaitable<Recall> remembered(std::string path, Query query, std::string what);
  // Keeps `value` (serialized; small) where `recall` looked, under its stamp.
  void remember(const Recall& recall, const boost::json::value& value);
  const ReadCache* cache() const { return cache_.get(); }

  // One authenticated GET of a JSON array, e.g. path "/sync/history",
  // parsed into `sp` (a tool's monotonic resource: no per-node frees).
  boost::asio::awaitable<Result<Page>> get(std::string path, Query query, boost::json::storage_ptr sp = {});
  // One authenticated GET of any JSON value, e.g. "/users/settings".
  boost::asio::awaitable<Result<boost::json::value>> get_value(std::string path, Query query);
  // One GET of a JSON array without a login (client id only, e.g.
  // "/search/movie,show"): no Authorization header, no token manager, the
  // same 429/5xx/dropped-connection retries; a 401 or 403 means the client id
  // is wrong.
  boost::asio::awaitable<Result<Page>> get_public(std::string path, Query query);
  // get_public of any JSON value, e.g. "/movies/heat-1995/people".
  boost::asio::awaitable<Result<boost::json::value>> get_public_value(std::string path, Query query);

  // A POST of a JSON body with the Trakt headers (OAuth endpoints), with a
  // bearer token when one is given; no retries, the raw response.
  boost::asio::awaitable<Result<HttpResponse>> post(std::string path, boost::json::object body,
                                                    std::string bearer = {});

  // A write with the login: POST of a JSON body (e.g. "/sync/watchlist",
  // "/checkin") or DELETE ("/checkin"). Writes queue so that no two start
  // less than RequestPolicy::write_interval apart. 401 (refresh once) and 429
  // (wait) are retried as for reads: Trakt did not apply the request. After a
  // dropped connection or a 502/503/504 the write is retried only when it is
  // `idempotent`; otherwise the failure is FailureKind::maybe_applied. The
  // answer's JSON (null for an empty body, e.g. 204); on success the cached
  // reads the path touches are dropped.
  boost::asio::awaitable<Result<boost::json::value>> write(boost::beast::http::verb verb, std::string path,
                                                           boost::json::value body, bool idempotent);

  // GETs pages of `per_page` (at most 250) until `want` items or the last
  // page. When the pages `want` needs are at most parallel_pages, they all go
  // out at once (those past page 1's count are dropped); otherwise page 1
  // first, then parallel_pages at a time. Parsed into `sp`, as is the array;
  // `on_page` sees each page as soon as it is parsed.
  boost::asio::awaitable<Result<boost::json::array>> get_paged(std::string path, Query query, std::size_t want,
                                                               int per_page, PageProgress progress,
                                                               boost::json::storage_ptr sp = {},
                                                               PageHandler on_page = {});

  // POST /oauth/token with grant_type refresh_token. 400/401 come back as
  // FailureKind::not_logged_in.
  boost::asio::awaitable<Result<Tokens>> refresh_tokens(std::string refresh_token);

  // POST /oauth/token with grant_type authorization_code (hosted mode's sign-in,
  // redirected back to `redirect_uri`). A refused code is FailureKind::not_logged_in.
  boost::asio::awaitable<Result<Tokens>> exchange_code(std::string code, std::string redirect_uri);
  // GET /users/settings with this access token (not the token manager's): who signed in.
  boost::asio::awaitable<Result<boost::json::value>> settings_of(std::string access_token);

  const ApiConfig& config() const { return config_; }

  // Trakt's image host (media.trakt.tv, another endpoint than the API's),
  // given by whoever builds this client; without it there are no images.
  void use_media(Sender send) { media_ = std::move(send); }
  void use_media(HttpsClient& http);  // which must outlive this
  // One GET of `path` ("/images/shows/.../x.jpg.webp") at the image host, no
  // login and no retries (a poster that does not come is drawn from its
  // colours): the response whatever its status, or why there is none.
  boost::asio::awaitable<Result<HttpResponse>> get_media(std::string path);

private:
  // get() of one page of get_paged, handed to `on_page` once parsed.
  boost::asio::awaitable<Result<Page>> get_page(std::string path, Query query, boost::json::storage_ptr sp, int page,
                                                PageHandler on_page);
  // The GET through the cache when its path has a CacheRule, else fetch().
  boost::asio::awaitable<Result<HttpResponse>> get_response(std::string path, Query query, bool with_login = true);
  // The GET with refresh-on-401 (with_login), 429 waits and retries; a 2xx
  // response or the failure.
  boost::asio::awaitable<Result<HttpResponse>> fetch(std::string path, Query query, bool with_login);
  // One request and its retries by the rules above (GET: idempotent, no body).
  boost::asio::awaitable<Result<HttpResponse>> exchange(boost::beast::http::verb verb, std::string path, Query query,
                                                        std::string body, bool with_login, bool idempotent,
                                                        bool paced = false);
  // This question's /sync/last_activities, fetched once and shared by its reads.
  boost::asio::awaitable<Result<boost::json::value>> last_activities();
  HttpRequest make_request(boost::beast::http::verb verb, const std::string& target) const;
  std::string target(const std::string& path, const Query& query) const;

  Sender send_;
  Sender media_;
  std::string base_path_;
  ApiConfig config_;
  RequestPolicy policy_;
  TokenManager* tokens_ = nullptr;

  // Writes go one at a time (writing_), each attempt write_interval after the
  // previous attempt's answer (last_write_), so that Trakt, which counts
  // arrivals, never sees two closer than that, whatever the network adds.
  bool writing_ = false;
  std::unique_ptr<support::Event> write_done_;  // notified when writing_ turns false
  std::chrono::steady_clock::time_point last_write_{};
  std::unique_ptr<ReadCache> cache_;
  struct Activities;  // the latest last_activities answer, and the fetch in flight
  std::shared_ptr<Activities> activities_;
};

// Turns a non-2xx answer into advice for a person (exposed for unit tests).
Failure describe_status(const HttpResponse& response, const std::string& what);

}  // namespace trakt
