#include "support/blocking_pool.hpp"

namespace support {

BlockingPool::BlockingPool(std::size_t threads) : pool_(threads == 0 ? 1 : threads) {}

BlockingPool::~BlockingPool() { pool_.join(); }

}  // namespace support
