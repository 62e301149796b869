#pragma once
// A fake Trakt for TraktApi unit tests: a scripted sender that records every
// request and answers in turn (or through `respond`), answers built like
// Trakt's, a login kept in memory, and millisecond backoffs. Tests count and
// order requests, never time them.

#include "trakt/api.hpp"
#include "trakt/token_store.hpp"
#include "trakt/tokens.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trakt_test {

namespace net = boost::asio;
namespace http = boost::beast::http;
using trakt::Failure;
using trakt::FailureKind;
using trakt::HttpRequest;
using trakt::HttpResponse;
using trakt::Result;
using trakt::Tokens;
using namespace std::chrono_literals;

inline constexpr std::int64_t t0 = 1'800'000'000;  // the fake "now"

inline Tokens pair(const std::string& n) {
  Tokens t;
  t.access_token = "access-" + n;
  t.refresh_token = "refresh-" + n;
  t.created_at = t0;
  t.expires_in = 7 * 86400;
  return t;
}

using Headers = std::vector<std::pair<std::string, std::string>>;

inline HttpResponse response(unsigned status, std::string body = "[]", const Headers& headers = {}) {
  HttpResponse r;
  r.version(11);
  r.result(status);
  r.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) r.set(name, value);
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

inline Failure dropped() {
  return {FailureKind::network, "Trakt (https://api.trakt.tv) closed the connection before the answer was complete."};
}

// The fake Trakt: every request it saw, and the answers it gives in turn
// (or from `respond`, when set, which sees the request).
struct Script {
  std::vector<HttpRequest> seen;
  std::deque<Result<HttpResponse>> answers;
  std::function<Result<HttpResponse>(const HttpRequest&)> respond;
};

inline net::awaitable<Result<HttpResponse>> fake_send(std::shared_ptr<Script> s, HttpRequest request) {
  s->seen.push_back(request);
  // Suspends like a real exchange, so concurrent pages really interleave.
  co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
  if (s->respond) co_return s->respond(request);
  if (s->answers.empty()) {
    ADD_FAILURE() << "unscripted request " << request.target();
    co_return Failure{FailureKind::bad_response, "unscripted request"};
  }
  auto answer = std::move(s->answers.front());
  s->answers.pop_front();
  co_return answer;
}

// The login, kept in memory.
struct StoreState {
  std::optional<Tokens> tokens;
  int saves = 0;
  std::int64_t stamp = 1;
};

class MemoryStore final : public trakt::TokenStore {
public:
  explicit MemoryStore(std::shared_ptr<StoreState> s) : s_(std::move(s)) {}
  Result<std::optional<Tokens>> load() const override { return s_->tokens; }
  Result<void> save(const Tokens& t) const override {
    s_->tokens = t;
    ++s_->saves;
    ++s_->stamp;
    return {};
  }
  Result<void> remove() const override {
    s_->tokens.reset();
    ++s_->stamp;
    return {};
  }
  std::string describe() const override { return "memory store"; }
  std::optional<std::int64_t> change_stamp() const override {
    return s_->tokens ? std::optional<std::int64_t>(s_->stamp) : std::nullopt;
  }

private:
  std::shared_ptr<StoreState> s_;
};


inline trakt::RequestPolicy fast_policy() {
  trakt::RequestPolicy p;
  p.max_attempts = 4;
  p.backoff = 1ms;
  p.max_retry_after = 20s;
  p.parallel_pages = 4;
  return p;
}

// The query parameters (page, limit, ...) and the path of a request target.
inline std::map<std::string, std::string> query_of(const HttpRequest& r) {
  std::map<std::string, std::string> q;
  auto u = boost::urls::parse_origin_form(r.target());
  if (!u) return q;
  for (auto p : u->params()) q[p.key] = p.value;
  return q;
}

inline std::string path_of(const HttpRequest& r) {
  auto u = boost::urls::parse_origin_form(r.target());
  return u ? std::string(u->path()) : "";
}

}  // namespace trakt_test
