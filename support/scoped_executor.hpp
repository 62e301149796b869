#pragma once
// An executor that runs everything given to it inside a log scope: a call's
// coroutines spawned on it (and everything they spawn on their own executor)
// resume through execute(), which sets the thread's current LogScope for
// that step and restores it after. So every log line a call writes, however
// deep, carries its request id and person without passing them around.
//
// Wrap it in any_io_executor: co_spawn(any_io_executor(ScopedExecutor{...}), ...).

#include "support/log.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/require.hpp>

#include <memory>
#include <utility>

namespace support {

class ScopedExecutor {
public:
  ScopedExecutor(boost::asio::any_io_executor inner, std::shared_ptr<const LogScope> scope)
      : inner_(std::move(inner)), scope_(std::move(scope)) {}

  template <class F>
  void execute(F f) const {
    inner_.execute([scope = scope_, f = std::move(f)]() mutable {
      log::ScopeGuard in(scope.get());
      std::move(f)();
    });
  }

  template <class Property>
    requires boost::asio::can_query<const boost::asio::any_io_executor&, const Property&>::value
  decltype(auto) query(const Property& p) const {
    return boost::asio::query(inner_, p);
  }

  template <class Property>
    requires boost::asio::can_require<const boost::asio::any_io_executor&, const Property&>::value
  ScopedExecutor require(const Property& p) const {
    return ScopedExecutor(boost::asio::require(inner_, p), scope_);
  }

  template <class Property>
    requires boost::asio::can_prefer<const boost::asio::any_io_executor&, const Property&>::value
  ScopedExecutor prefer(const Property& p) const {
    return ScopedExecutor(boost::asio::prefer(inner_, p), scope_);
  }

  friend bool operator==(const ScopedExecutor& a, const ScopedExecutor& b) noexcept {
    return a.inner_ == b.inner_ && a.scope_ == b.scope_;
  }
  friend bool operator!=(const ScopedExecutor& a, const ScopedExecutor& b) noexcept { return !(a == b); }

private:
  boost::asio::any_io_executor inner_;
  std::shared_ptr<const LogScope> scope_;
};

}  // namespace support
