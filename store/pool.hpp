#pragma once
// Connections for many threads: each call borrows one (opened on demand) and
// gives it back when done; a broken one, or one left inside a transaction, is
// closed instead.

#include "store/connection.hpp"

#include <functional>
#include <mutex>

namespace store {

class Pool {
public:
  using Opener = std::function<std::unique_ptr<Connection>()>;
  explicit Pool(Opener open) : open_(std::move(open)) {}

  class Lease {
  public:
    Lease(Pool& pool, std::unique_ptr<Connection> c);
    ~Lease() {
      if (c_) pool_->give_back(std::move(c_));
    }
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    Connection& operator*() const { return *c_; }
    Connection* operator->() const { return c_.get(); }

  private:
    Pool* pool_;
    std::unique_ptr<Connection> c_;
  };

  Lease borrow();

private:
  void give_back(std::unique_ptr<Connection> c);

  // Enough for the threads that usually call at once; more are closed.
  static constexpr std::size_t max_idle = 8;

  Opener open_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace store
