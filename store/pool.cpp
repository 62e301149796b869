// See pool.hpp.

#include "store/pool.hpp"

namespace store {

Pool::Lease Pool::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
  }
  return Lease(*this, open_());  // outside the mutex: connecting may take a while
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  if (!c->reusable()) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle) idle_.push_back(std::move(c));
}

}  // namespace store
