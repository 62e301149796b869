#pragma once
// What the endpoints share: settings, the store (reached only through the
// blocking pool), the key that seals Trakt tokens, and the identity provider.

#include "auth/settings.hpp"
#include "auth/upstream.hpp"
#include "store/store.hpp"
#include "support/blocking_pool.hpp"
#include "support/crypto.hpp"

namespace auth {

struct Services {
  Settings settings;
  store::Database& db;
  support::SecretKey key;
  Upstream& upstream;
  support::BlockingPool& pool;
};

}  // namespace auth
