#include "trakt/token_manager.hpp"

#include "support/event.hpp"
#include "support/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <optional>

namespace trakt {

namespace net = boost::asio;

namespace {

Failure not_logged_in(const TokenStore& store) {
  return {FailureKind::not_logged_in,
          "Not logged in to Trakt (nothing in the " + store.describe() + "). Run `trakt-mcp login` first."};
}

}  // namespace

struct TokenManager::Impl : std::enable_shared_from_this<Impl> {
  Impl(net::any_io_executor ex, std::shared_ptr<const TokenStore> s, Refresher r, Clock c, std::int64_t m)
      : executor(std::move(ex)), store(std::move(s)), refresher(std::move(r)), clock(std::move(c)), margin_s(m) {}

  // One refresh in progress, shared by everyone who needs it.
  struct Flight {
    explicit Flight(net::any_io_executor ex) : done(std::move(ex)) {}
    support::Event done;  // notified when the outcome is set
    std::optional<Result<std::string>> outcome;
  };

  net::any_io_executor executor;
  std::shared_ptr<const TokenStore> store;
  Refresher refresher;
  Clock clock;
  std::int64_t margin_s;
  std::optional<Tokens> current;
  std::optional<std::int64_t> loaded_stamp;
  std::shared_ptr<Flight> flight;
  std::size_t refreshes = 0;

  // Picks up the store when it appears or changes (a `trakt-mcp login` in
  // another terminal, or another instance that refreshed).
  Result<void> reload_if_changed() {
    auto stamp = store->change_stamp();
    if (current && stamp == loaded_stamp) return {};
    auto loaded = store->load();
    if (!loaded) return loaded.error();
    if (!*loaded) {
      current.reset();
      return not_logged_in(*store);
    }
    current = std::move(**loaded);
    loaded_stamp = stamp;
    return {};
  }

  bool expiring(const Tokens& t) const { return clock() >= t.expires_at() - margin_s; }

  net::awaitable<Result<std::string>> refresh() {
    auto self = shared_from_this();
    auto f = flight;
    if (!f) {
      f = flight = std::make_shared<Flight>(executor);
      // Spawned on its own, not as part of the caller: a cancelled tool call
      // must not abort a refresh whose new pair Trakt has already issued.
      // (It may run to completion inside co_spawn, so `f` is taken first.)
      net::co_spawn(executor, run_refresh(self, f), net::detached);
    }
    while (!f->outcome) co_await f->done.wait();
    co_return *f->outcome;
  }

  static net::awaitable<void> run_refresh(std::shared_ptr<Impl> self, std::shared_ptr<Flight> f) {
    auto finish = [&](Result<std::string> r) {
      f->outcome = std::move(r);
      f->done.notify();
      if (self->flight == f) self->flight.reset();
    };
    try {
      // Another process may have refreshed already; its pair is then the
      // only valid one, and ours is spent.
      if (auto r = self->reload_if_changed(); !r) co_return finish(r.error());
      if (!self->current) co_return finish(not_logged_in(*self->store));
      if (!self->expiring(*self->current) && self->current->access_token != self->rejected)
        co_return finish(self->current->access_token);

      support::log::info("auth", "refreshing the Trakt access token");
      auto fresh = co_await self->refresher(self->current->refresh_token);
      ++self->refreshes;
      if (!fresh) {
        if (fresh.error().kind == FailureKind::not_logged_in) support::log::warning("auth", fresh.error().message);
        co_return finish(fresh.error());
      }
      // Save before use: the old refresh token is dead from now on.
      if (auto saved = self->store->save(*fresh); !saved)
        support::log::error("auth", saved.error().message + " The new token is kept in memory only; run `trakt-mcp login` "
                                                        "after restarting if calls start failing.");
      self->loaded_stamp = self->store->change_stamp();
      self->current = std::move(*fresh);
      support::log::info("auth", "access token refreshed");
      finish(self->current->access_token);
    } catch (const std::exception& e) {
      finish(Failure{FailureKind::network, std::string("Refreshing the Trakt token failed: ") + e.what()});
    }
  }

  std::string rejected;  // the access token Trakt last answered 401 to
};

TokenManager::TokenManager(net::any_io_executor executor, std::shared_ptr<const TokenStore> store, Refresher refresher,
                           Clock clock, std::int64_t margin_s)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(store), std::move(refresher), std::move(clock),
                                   margin_s)) {}

TokenManager::~TokenManager() = default;

std::int64_t TokenManager::system_clock() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

net::awaitable<Result<std::string>> TokenManager::access_token() {
  auto self = impl_;
  if (!self->flight) {
    if (auto r = self->reload_if_changed(); !r) co_return r.error();
    if (!self->expiring(*self->current)) co_return self->current->access_token;
  }
  co_return co_await self->refresh();
}

net::awaitable<Result<std::string>> TokenManager::after_unauthorized(std::string rejected) {
  auto self = impl_;
  if (!self->flight) {
    if (auto r = self->reload_if_changed(); !r) co_return r.error();
    // Someone refreshed since this token was sent: just use the new one.
    if (self->current->access_token != rejected) co_return self->current->access_token;
    self->rejected = rejected;
  }
  co_return co_await self->refresh();
}

net::awaitable<void> TokenManager::settle() {
  auto self = impl_;
  // A waiter woken by one refresh may start the next one: wait for that too.
  while (auto f = self->flight)
    while (!f->outcome) co_await f->done.wait();
}

std::size_t TokenManager::refreshes() const { return impl_->refreshes; }
const TokenStore& TokenManager::store() const { return *impl_->store; }

}  // namespace trakt
