#pragma once
// enable_shared_from_this for a member of an object a shared_ptr owns: the
// handles a part gives out (to coroutines, log sinks, answers still to come)
// keep, or watch, the whole owner, so splitting mcp::Server::Impl into parts
// changes no lifetime.

#include <memory>

namespace mcp::server_impl {

template <class Part>
class SharedPart {
public:
  // Called once, right after the owner is made.
  void share_from(const std::shared_ptr<void>& owner) {
    self_ = std::shared_ptr<Part>(owner, static_cast<Part*>(this));
  }

protected:
  std::shared_ptr<Part> shared_from_this() const { return std::shared_ptr<Part>(self_); }
  std::weak_ptr<Part> weak_from_this() const { return self_; }

private:
  std::weak_ptr<Part> self_;
};

}  // namespace mcp::server_impl
