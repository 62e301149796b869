#include "trakt/api.hpp"

#include "support/event.hpp"
#include "support/json_fields.hpp"
#include "support/log.hpp"
#include "support/metrics.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <charconv>
#include <optional>

namespace trakt {

namespace net = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

namespace metrics = support::metrics;
constinit metrics::Family cache_lookups("trakt_mcp_cache_lookups_total", metrics::Kind::counter,
                              "Reads that could be kept, by cache (personal: kept while last_activities stand "
                              "still; public: an hour) and result (hit, miss)",
                              {"cache", "result"});
constinit metrics::Family token_refreshes("trakt_mcp_token_refreshes_total", metrics::Kind::counter,
                                "Trakt token refreshes, by outcome (ok: Trakt sent a new pair; refused: the "
                                "login is dead; failed: no answer or another status)",
                                {"outcome"});

std::string header(const HttpResponse& r, std::string_view name) {
  auto it = r.find(name);
  return it == r.end() ? std::string() : std::string(it->value());
}

long header_number(const HttpResponse& r, std::string_view name, long fallback) {
  auto v = header(r, name);
  long n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  return (ec == std::errc() && p == v.data() + v.size() && !v.empty()) ? n : fallback;
}

bool looks_like_html(const HttpResponse& r) {
  return header(r, "Content-Type").find("text/html") != std::string::npos ||
         r.body().find("<html") != std::string::npos || r.body().find("<!DOCTYPE") != std::string::npos;
}

Result<json::value> parse_body(const HttpResponse& r, const std::string& path, json::storage_ptr sp = {}) {
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = support::max_json_depth;
  auto body = json::parse(r.body(), ec, std::move(sp), opts);
  if (ec)
    return Failure{FailureKind::bad_response,
                   "Trakt sent a response for " + path + " that is not JSON (" + ec.message() + "). Try again later."};
  return body;
}

Query with_page(const Query& query, int page, int limit) {
  Query q = query;
  q.emplace_back("page", std::to_string(page));
  q.emplace_back("limit", std::to_string(limit));
  return q;
}

bool is_overloaded(unsigned status) { return status == 502 || status == 503 || status == 504; }

Result<Page> page_of(const HttpResponse& r, const std::string& path, json::storage_ptr sp = {}) {
  auto body = parse_body(r, path, std::move(sp));
  if (!body) return body.error();
  if (!body->is_array())
    return Failure{FailureKind::bad_response,
                   "Trakt sent something other than the expected list for " + path + ". Try again later."};
  // Constructed, not assigned: a move-assignment would copy the array out of
  // its storage into the default one.
  return Page{std::move(body->get_array()), int(header_number(r, "X-Pagination-Page-Count", 1))};
}

}  // namespace

Failure describe_status(const HttpResponse& r, const std::string& what) {
  const unsigned s = r.result_int();
  const std::string code = "HTTP " + std::to_string(s);
  switch (s) {
    case 400:
      return {FailureKind::upstream, "Trakt could not parse the request for " + what + " (" + code +
                                         "). This is probably a trakt-mcp bug; please report it with the arguments "
                                         "you used."};
    case 401:
      return {FailureKind::not_logged_in, "Trakt rejected the login for " + what +
                                              " even after refreshing it (" + code +
                                              "). Run `trakt-mcp login` to sign in again."};
    case 403:
      if (looks_like_html(r))
        return {FailureKind::upstream, "Trakt's front end (Cloudflare) blocked the request for " + what + " (" +
                                           code + "). Wait a few minutes and try again."};
      return {FailureKind::config, "Trakt refused the API key (" + code +
                                       "). Check that TRAKT_CLIENT_ID is the Client ID of your Trakt API app "
                                       "(https://trakt.tv/oauth/applications) and that the app is approved."};
    case 404:
      return {FailureKind::not_found, "Trakt found nothing for " + what + " (" + code +
                                         "). Check the arguments; if it keeps happening, please report it."};
    case 409: {
      // A check-in while another is active: Trakt says until when.
      boost::system::error_code ec;
      auto body = json::parse(r.body(), ec);
      const auto* o = ec ? nullptr : body.if_object();
      auto until = o ? support::string_field(*o, "expires_at") : std::nullopt;
      return {FailureKind::upstream, "Trakt says you are already checked in to something" +
                                         (until ? " until " + std::string(*until) : std::string()) + " (" + code +
                                         "). Cancel that check-in first (cancel_checkin), or wait until it ends."};
    }
    case 422:
      return {FailureKind::upstream, "Trakt could not process the request for " + what + " (" + code +
                                         "): an item or value it does not accept. Check the items and their ids."};
    case 420: {
      auto limit = header(r, "X-Account-Limit");
      auto url = header(r, "X-Upgrade-URL");
      bool vip = header(r, "X-VIP-User") == "true";
      std::string m = "Your Trakt account limit was reached" + (limit.empty() ? "" : " (limit " + limit + ")") +
                      " (" + code + ").";
      m += vip ? " You are already VIP; remove some items to stay under the limit."
               : " Remove some items, or raise the limit with Trakt VIP: " + (url.empty() ? "https://trakt.tv/vip" : url);
      return {FailureKind::account_limit, m};
    }
    case 423: {
      bool deactivated = header(r, "X-Account-Deactivated") == "true";
      return {FailureKind::upstream, std::string("Your Trakt account is ") + (deactivated ? "deactivated" : "locked") +
                                         " (" + code + "). Email Trakt support (support@trakt.tv) to restore it."};
    }
    case 426: {
      auto url = header(r, "X-Upgrade-URL");
      return {FailureKind::upstream, "This needs a Trakt VIP account (" + code + "). Upgrade at " +
                                         (url.empty() ? "https://trakt.tv/vip" : url) + "."};
    }
    case 429: {
      long after = header_number(r, "Retry-After", -1);
      return {FailureKind::rate_limited, "Trakt's rate limit was reached (" + code + ")." +
                                             (after >= 0 ? " Try again in " + std::to_string(after) + " seconds."
                                                         : " Try again in a few minutes.")};
    }
    default:
      break;
  }
  if (s >= 500)
    return {FailureKind::upstream, "Trakt is having trouble (" + code + " while getting " + what +
                                       "). Try again in a few minutes; https://status.trakt.tv shows outages."};
  return {FailureKind::upstream, "Trakt answered " + code + " for " + what +
                                     ". Try again later; if it keeps happening, please report it."};
}

TraktApi::TraktApi(Sender send, std::string base_path, ApiConfig config, RequestPolicy policy)
    : send_(std::move(send)), base_path_(std::move(base_path)), config_(std::move(config)), policy_(policy) {}

// Not a coroutine itself: the awaitable it returns holds the client and the
// request, so nothing refers to this lambda once it has returned.
TraktApi::TraktApi(HttpsClient& http, ApiConfig config, RequestPolicy policy)
    : TraktApi([&http](HttpRequest request) { return http.send(std::move(request)); }, http.endpoint().base_path,
               std::move(config), policy) {}

void TraktApi::use_media(HttpsClient& http) {
  use_media([&http](HttpRequest request) { return http.send(std::move(request)); });
}

net::awaitable<Result<HttpResponse>> TraktApi::get_media(std::string path) {
  if (!media_) co_return Failure{FailureKind::config, "No image host is set up for this server."};
  HttpRequest req{http::verb::get, std::move(path), 11};
  req.set(http::field::user_agent, config_.user_agent);
  req.set(http::field::accept, "image/webp,image/*");
  co_return co_await media_(std::move(req));
}

std::string TraktApi::target(const std::string& path, const Query& query) const {
  boost::urls::url u;
  u.set_path(base_path_ + path);
  for (const auto& [k, v] : query) u.params().append({k, v});
  return std::string(u.encoded_resource());
}

HttpRequest TraktApi::make_request(http::verb verb, const std::string& target) const {
  HttpRequest req{verb, target, 11};
  req.set(http::field::user_agent, config_.user_agent);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::accept, "application/json");
  req.set("trakt-api-version", "2");
  req.set("trakt-api-key", config_.client_id);
  return req;
}

struct TraktApi::Activities {
  std::uint64_t questions = 0;  // begin_question() calls so far
  std::uint64_t answered = 0;   // `questions` when `value` arrived: good for questions up to that one
  std::optional<Result<json::value>> value;
  bool fetching = false;
  std::unique_ptr<support::Event> fetched;  // made on first use, on the caller's executor
};

void TraktApi::enable_cache(std::size_t max_bytes) {
  cache_ = std::make_unique<ReadCache>(max_bytes);
  activities_ = std::make_shared<Activities>();
}

void TraktApi::begin_question() {
  if (activities_) ++activities_->questions;
}

void TraktApi::distrust(const std::string& path, const Query& query) {
  if (cache_) cache_->drop(target(path, query));
}

void TraktApi::forget(std::string_view path_prefix) {
  if (cache_) cache_->forget(base_path_ + std::string(path_prefix));
}

net::awaitable<Result<json::value>> TraktApi::last_activities() {
  // Held by the frame: the state outlives a TraktApi destroyed mid-wait.
  auto state = activities_;
  const std::uint64_t question = state->questions;
  if (!state->fetched) state->fetched = std::make_unique<support::Event>(co_await net::this_coro::executor);
  // An answer that arrived after this question began is current enough for
  // it, the one in flight included: concurrent questions share one request.
  while (!(state->value && state->answered >= question)) {
    if (!state->fetching) {
      state->fetching = true;
      // Whatever ends the fetch (an answer, a failure, cancellation) wakes the waiters.
      struct Done {
        Activities& s;
        ~Done() {
          s.fetching = false;
          s.fetched->notify();
        }
      } done{*state};
      std::string path = "/sync/last_activities";  // named first: no temporaries inside co_await (GCC 12)
      Query no_query;
      auto r = co_await fetch(std::move(path), std::move(no_query), true);
      Result<json::value> value = r ? parse_body(*r, "/sync/last_activities") : Result<json::value>(r.error());
      if (value && !value->is_object())
        value = Failure{FailureKind::bad_response, "Trakt sent last activities that are not an object."};
      state->value = std::move(value);
      state->answered = state->questions;
      break;
    }
    co_await state->fetched->wait();
  }
  co_return *state->value;
}

net::awaitable<TraktApi::Recall> TraktApi::remembered(std::string path, Query query, std::string what) {
  Recall recall;
  auto rule = cache_ ? cache_rule(path) : std::nullopt;
  if (!rule) co_return recall;
  std::string stamp;
  if (!rule->activities.empty()) {
    // A failed check keeps nothing; the reads that follow meet the same answer.
    auto activities = co_await last_activities();
    if (!activities) co_return recall;
    stamp = activity_stamp(*activities, rule->activities);
  }
  recall.key = target(path, query);
  recall.key += '#';  // never in a target we send: no GET's answer has this key
  recall.key += what;
  const std::string_view kept = rule->activities.empty() ? "public" : "personal";
  if (auto hit = cache_->find(recall.key, stamp, rule->max_age)) {
    boost::system::error_code ec;
    auto value = json::parse(hit->body(), ec);
    if (!ec) {
      cache_lookups.add({kept, "hit"});
      support::log::debug("trakt", "remembered " + recall.key);
      recall.value = std::move(value);
    }
  }
  if (!recall.value) cache_lookups.add({kept, "miss"});
  recall.stamp = std::move(stamp);
  co_return recall;
}

void TraktApi::remember(const Recall& recall, const json::value& value) {
  if (!cache_ || !recall.stamp) return;
  HttpResponse kept;
  kept.body() = json::serialize(value);
  cache_->store(recall.key, *recall.stamp, kept);
}

net::awaitable<Result<HttpResponse>> TraktApi::get_response(std::string path, Query query, bool with_login) {
  auto rule = cache_ ? cache_rule(path) : std::nullopt;
  if (!rule) co_return co_await fetch(std::move(path), std::move(query), with_login);

  std::string stamp;
  if (!rule->activities.empty()) {
    // Its failure is the question's: the same Trakt trouble (no login, 5xx,
    // rate limit) would meet the list too, and asking again would double it.
    auto activities = co_await last_activities();
    if (!activities) co_return activities.error();
    stamp = activity_stamp(*activities, rule->activities);
  }
  const std::string key = target(path, query);
  // A person's lists are kept while last_activities stand still; public data for an hour.
  const std::string_view kept = rule->activities.empty() ? "public" : "personal";
  if (auto hit = cache_->find(key, stamp, rule->max_age)) {
    cache_lookups.add({kept, "hit"});
    support::log::debug("trakt", "GET " + key + " (unchanged, from memory)");
    co_return std::move(*hit);
  }
  cache_lookups.add({kept, "miss"});
  auto r = co_await fetch(std::move(path), std::move(query), with_login);
  if (r) cache_->store(key, std::move(stamp), *r);
  co_return r;
}

net::awaitable<Result<HttpResponse>> TraktApi::fetch(std::string path, Query query, bool with_login) {
  co_return co_await exchange(http::verb::get, std::move(path), std::move(query), std::string(), with_login, true);
}

net::awaitable<Result<json::value>> TraktApi::write(http::verb verb, std::string path, json::value body,
                                                    bool idempotent) {
  // One write at a time, retries included; the others wait their turn.
  if (!write_done_) write_done_ = std::make_unique<support::Event>(co_await net::this_coro::executor);
  while (writing_) {
    co_await write_done_->wait();
    if ((co_await net::this_coro::cancellation_state).cancelled() != net::cancellation_type::none)
      co_return Failure{FailureKind::cancelled, "The request was cancelled."};
  }
  writing_ = true;
  struct Turn {
    TraktApi* api;
    ~Turn() {
      api->writing_ = false;
      api->write_done_->notify();
    }
  } turn{this};

  std::string text = body.is_null() ? std::string() : json::serialize(body);
  Query no_query;  // named: no braced temporary inside co_await (GCC 12)
  auto r = co_await exchange(verb, path, std::move(no_query), std::move(text), true, idempotent, true);
  if (!r) co_return r.error();
  if (cache_)
    for (auto prefix : reads_touched_by(path)) forget(prefix);
  if (r->body().empty()) co_return json::value(nullptr);
  co_return parse_body(*r, path);
}

net::awaitable<Result<HttpResponse>> TraktApi::exchange(http::verb verb, std::string path, Query query,
                                                        std::string body, bool with_login, bool idempotent,
                                                        bool paced) {
  const std::string tgt = target(path, query);
  const std::string method(http::to_string(verb));
  Result<std::string> token = std::string();
  if (with_login) {
    if (!tokens_) co_return Failure{FailureKind::config, "internal: no token manager"};
    token = co_await tokens_->access_token();
    if (!token) co_return token.error();
  }

  bool refreshed = false;
  auto backoff = policy_.backoff;
  for (int attempt = 1;; ++attempt) {
    auto req = make_request(verb, tgt);
    if (with_login) req.set(http::field::authorization, "Bearer " + *token);
    if (!body.empty()) {
      req.body() = body;
      req.prepare_payload();
    }
    if (paced)
      if (auto gap = std::chrono::steady_clock::now() - last_write_; gap < policy_.write_interval)
        co_await support::sleep_for(policy_.write_interval - gap);
    support::log::debug("trakt", method + " " + tgt);
    auto r = co_await send_(std::move(req));
    if (paced) last_write_ = std::chrono::steady_clock::now();
    const bool attempts_left = attempt < policy_.max_attempts;

    if (!r) {
      if (!idempotent && (r.error().kind == FailureKind::network || r.error().kind == FailureKind::timeout))
        co_return Failure{FailureKind::maybe_applied,
                          "Trakt may or may not have applied this change: the connection broke before its answer "
                          "came (" + std::string(r.error().kind == FailureKind::timeout ? "timed out" : "dropped") +
                          ")."};
      if (r.error().kind == FailureKind::network && attempts_left) {
        support::log::warning("trakt", r.error().message + " Retrying.");
        co_await support::sleep_for(backoff);
        backoff *= 2;
        continue;
      }
      co_return r.error();
    }
    const unsigned status = r->result_int();
    if (status / 100 == 2) co_return std::move(*r);
    // Without a login only the client id can be what Trakt rejects.
    if (status == 401 && !with_login)
      co_return Failure{FailureKind::config,
                        "Trakt refused the API key (HTTP 401). Check that TRAKT_CLIENT_ID is the Client ID of your "
                        "Trakt API app (https://trakt.tv/oauth/applications)."};
    if (status == 401 && !refreshed) {
      refreshed = true;
      support::log::info("trakt", "Trakt answered 401; refreshing the token once");
      token = co_await tokens_->after_unauthorized(*token);
      if (!token) co_return token.error();
      continue;
    }
    if (status == 429 && attempts_left) {
      long after = header_number(*r, "Retry-After", 1);
      if (after < 0) after = 1;
      if (std::chrono::seconds(after) <= policy_.max_retry_after) {
        support::log::warning("trakt", "rate limited by Trakt; waiting " + std::to_string(after) + " s");
        co_await support::sleep_for(std::chrono::seconds(after));
        continue;
      }
    }
    if (is_overloaded(status) && !idempotent)
      co_return Failure{FailureKind::maybe_applied, "Trakt may or may not have applied this change: it answered HTTP " +
                                                        std::to_string(status) + ", which can come after the change "
                                                        "was made."};
    if (is_overloaded(status) && attempts_left) {
      support::log::warning("trakt", "Trakt answered " + std::to_string(status) + "; retrying");
      co_await support::sleep_for(backoff);
      backoff *= 2;
      continue;
    }
    co_return describe_status(*r, path);
  }
}

// An answer that cannot be read is never kept (distrust): the next call asks again.
net::awaitable<Result<json::value>> TraktApi::get_value(std::string path, Query query) {
  Query asked = query;
  auto r = co_await get_response(path, std::move(query));
  if (!r) co_return r.error();
  auto value = parse_body(*r, path);
  if (!value) distrust(path, asked);
  co_return value;
}

net::awaitable<Result<Page>> TraktApi::get(std::string path, Query query, json::storage_ptr sp) {
  Query asked = query;
  auto r = co_await get_response(path, std::move(query));
  if (!r) co_return r.error();
  auto page = page_of(*r, path, std::move(sp));
  if (!page) distrust(path, asked);
  co_return page;
}

net::awaitable<Result<Page>> TraktApi::get_public(std::string path, Query query) {
  Query asked = query;
  auto r = co_await get_response(path, std::move(query), false);
  if (!r) co_return r.error();
  auto page = page_of(*r, path);
  if (!page) distrust(path, asked);
  co_return page;
}

net::awaitable<Result<json::value>> TraktApi::get_public_value(std::string path, Query query) {
  Query asked = query;
  auto r = co_await get_response(path, std::move(query), false);
  if (!r) co_return r.error();
  auto value = parse_body(*r, path);
  if (!value) distrust(path, asked);
  co_return value;
}

net::awaitable<Result<HttpResponse>> TraktApi::post(std::string path, json::object body, std::string bearer) {
  auto req = make_request(http::verb::post, target(path, {}));
  if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
  req.body() = json::serialize(body);
  support::log::debug("trakt", "POST " + path);
  co_return co_await send_(std::move(req));
}

net::awaitable<Result<Page>> TraktApi::get_page(std::string path, Query query, json::storage_ptr sp, int page,
                                                PageHandler on_page) {
  auto r = co_await get(std::move(path), std::move(query), std::move(sp));
  if (r && on_page) on_page(page, r->items);
  co_return r;
}

net::awaitable<Result<json::array>> TraktApi::get_paged(std::string path, Query query, std::size_t want, int per_page,
                                                        PageProgress progress, json::storage_ptr sp,
                                                        PageHandler on_page) {
  per_page = std::clamp(per_page, 1, 250);
  // Rounded up without overflow: an unbounded `want` is SIZE_MAX.
  const std::size_t needed = want / std::size_t(per_page) + (want % std::size_t(per_page) != 0);
  int last = int(std::min<std::size_t>(needed, 1'000'000));

  // When the pages `want` needs fit in one batch (get_history's limit 1000:
  // 4 pages), they go out together instead of waiting for page 1's count;
  // pages past that count (a list shorter than `want`) are dropped. Otherwise
  // (a whole list of unknown length) page 1 goes first and says how many
  // there are. The rest follow a few at a time: concurrent enough to hide
  // latency, gentle enough for Trakt's per-user rate limit.
  const bool together = last <= policy_.parallel_pages;
  auto executor = co_await net::this_coro::executor;
  std::vector<Page> pages;
  for (int from = 1; from <= last;) {
    const int to = (from == 1 && !together) ? 1 : std::min(last, from + policy_.parallel_pages - 1);
    using PageOp = decltype(net::co_spawn(executor, get_page(path, query, sp, 1, on_page), net::deferred));
    std::vector<PageOp> ops;
    for (int page = from; page <= to; ++page)
      ops.push_back(
          net::co_spawn(executor, get_page(path, with_page(query, page, per_page), sp, page, on_page), net::deferred));
    auto [order, exceptions, results] = co_await net::experimental::make_parallel_group(std::move(ops))
                                            .async_wait(net::experimental::wait_for_all(), net::use_awaitable);
    if (from == 1) {
      if (exceptions[0]) std::rethrow_exception(exceptions[0]);
      if (!results[0]) co_return results[0].error();
      last = std::min(last, std::max(1, results[0]->page_count));
    }
    for (std::size_t i = 0; i < results.size() && from + int(i) <= last; ++i) {
      if (exceptions[i]) std::rethrow_exception(exceptions[i]);
      if (!results[i]) co_return results[i].error();
      pages.push_back(std::move(*results[i]));
      if (progress) progress(from + int(i), last);
    }
    from = to + 1;
  }

  json::array all(sp);
  std::size_t total = 0;
  for (const auto& p : pages) total += p.items.size();
  all.reserve(std::min(total, want));
  for (auto& p : pages)
    for (std::size_t i = 0; i < p.items.size() && all.size() < want; ++i) all.push_back(std::move(p.items[i]));
  co_return std::move(all);
}

net::awaitable<Result<Tokens>> TraktApi::refresh_tokens(std::string refresh_token) {
  // Built before the co_await: GCC 12 mishandles some temporaries inside it.
  json::object body{{"refresh_token", refresh_token},
                    {"client_id", config_.client_id},
                    {"client_secret", config_.client_secret},
                    {"redirect_uri", config_.redirect_uri},
                    {"grant_type", "refresh_token"}};
  auto r = co_await post("/oauth/token", std::move(body));
  // The outcome: "ok" when Trakt gave a new pair, else why not.
  const bool refused = r && (r->result_int() == 400 || r->result_int() == 401);
  const bool fresh = r && r->result_int() == 200;
  token_refreshes.add({fresh ? "ok" : refused ? "refused" : "failed"});
  const std::string keep = " Your saved login is unchanged; try again in a few minutes.";
  if (!r) co_return Failure{r.error().kind, "Could not refresh the Trakt login: " + r.error().message + keep};
  const unsigned status = r->result_int();
  // The app's own credentials refused: the login itself may be fine, and must
  // not be thrown away for a configuration mistake.
  if ((status == 400 || status == 401) && r->body().find("\"invalid_client\"") != std::string::npos)
    co_return Failure{FailureKind::config,
                      "Trakt refused this app's credentials (invalid_client) when refreshing the login: check "
                      "TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET against your Trakt API app "
                      "(https://trakt.tv/oauth/applications)." + keep};
  if (status == 400 || status == 401)
    co_return Failure{FailureKind::not_logged_in,
                      "Your Trakt login has expired or was revoked (Trakt refused the refresh token with HTTP " +
                          std::to_string(status) + "). Run `trakt-mcp login` to sign in again."};
  if (status != 200)
    co_return Failure{FailureKind::upstream, "Could not refresh the Trakt login: Trakt answered HTTP " +
                                                 std::to_string(status) + "." + keep};
  boost::system::error_code ec;
  auto v = json::parse(r->body(), ec);
  // After a 200 Trakt may already have spent the old refresh token.
  const std::string unusable = " Your saved login is unchanged; try again, and if that fails run `trakt-mcp login`.";
  if (ec) co_return Failure{FailureKind::bad_response, "Trakt's token response to the refresh is not JSON." + unusable};
  auto t = tokens_from_json(v);
  if (!t)
    co_return Failure{FailureKind::bad_response,
                      "Trakt's token response to the refresh is unusable (" + t.error().message + ")." + unusable};
  co_return std::move(*t);
}

net::awaitable<Result<Tokens>> TraktApi::exchange_code(std::string code, std::string redirect_uri) {
  json::object body{{"code", code},
                    {"client_id", config_.client_id},
                    {"client_secret", config_.client_secret},
                    {"redirect_uri", redirect_uri},
                    {"grant_type", "authorization_code"}};
  auto r = co_await post("/oauth/token", std::move(body));
  if (!r) co_return Failure{r.error().kind, "Could not finish signing in at Trakt: " + r.error().message};
  const unsigned status = r->result_int();
  if (status == 400 || status == 401)
    co_return Failure{FailureKind::not_logged_in,
                      "Trakt refused the sign-in (HTTP " + std::to_string(status) +
                          "): the code expired or the app's redirect URI does not match. Start again from your app."};
  if (status != 200)
    co_return Failure{FailureKind::upstream,
                      "Could not finish signing in: Trakt answered HTTP " + std::to_string(status) + ". Try again."};
  boost::system::error_code ec;
  auto v = json::parse(r->body(), ec);
  if (ec) co_return Failure{FailureKind::bad_response, "Trakt's answer to the sign-in is not JSON. Try again."};
  auto t = tokens_from_json(v);
  if (!t)
    co_return Failure{FailureKind::bad_response,
                      "Trakt's answer to the sign-in is unusable (" + t.error().message + "). Try again."};
  co_return std::move(*t);
}

net::awaitable<Result<json::value>> TraktApi::settings_of(std::string access_token) {
  auto req = make_request(http::verb::get, target("/users/settings", {}));
  req.set(http::field::authorization, "Bearer " + access_token);
  auto r = co_await send_(std::move(req));
  if (!r) co_return r.error();
  if (r->result_int() != 200)
    co_return Failure{FailureKind::upstream,
                      "Trakt did not say who signed in (HTTP " + std::to_string(r->result_int()) + "). Try again."};
  boost::system::error_code ec;
  auto v = json::parse(r->body(), ec);
  if (ec) co_return Failure{FailureKind::bad_response, "Trakt's /users/settings answer is not JSON."};
  co_return v;
}

}  // namespace trakt
