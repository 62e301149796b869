#pragma once
// The schema, one for both backends, and the migrations that build it.

#include "store/connection.hpp"

namespace store {

// Brings the database up to the newest schema: each migration runs once, in
// its own transaction, while every other process starting on the same
// database waits (PostgreSQL advisory lock, SQLite's write lock).
void migrate(Connection& c);

// The newest migration applied, 0 on an empty database.
int applied_version(Connection& c);

// Every table of the schema, children first (for tests that start clean).
const std::vector<std::string_view>& schema_tables();

}  // namespace store
