// See pool.hpp.

#include "store/pool.hpp"

#include "support/metrics.hpp"

namespace store {

namespace {

constinit support::metrics::Family connections("trakt_mcp_store_connections", support::metrics::Kind::gauge,
                                     "Connections to the sign-in store, by state (in_use: lent to a call now; "
                                     "idle: open and waiting)",
                                     {"state"});

}  // namespace

Pool::Lease::Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(&pool), c_(std::move(c)) {
  if (c_) connections.add({"in_use"}, 1);
}

Pool::Lease Pool::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      connections.set({"idle"}, static_cast<double>(idle_.size()));
      return Lease(*this, std::move(c));
    }
  }
  return Lease(*this, open_());  // outside the mutex: connecting may take a while
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  connections.add({"in_use"}, -1);
  if (!c->reusable()) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle) idle_.push_back(std::move(c));
  connections.set({"idle"}, static_cast<double>(idle_.size()));
}

}  // namespace store
