#pragma once
// Database over SQL, written once for SQLite and PostgreSQL.

#include "store/pool.hpp"

namespace store {

// Opens a first connection and migrates the schema; throws Error.
std::unique_ptr<Database> make_sql_database(Backend backend, Pool::Opener open);

}  // namespace store
