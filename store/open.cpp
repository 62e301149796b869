// Database::open: which backend the URL names.

#include "store/sql_database.hpp"

#include <filesystem>

namespace store {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::unique_ptr<Database> Database::open(std::string_view url) {
  if (starts_with(url, "sqlite:")) {
    std::string path(url.substr(7));
    // Every pooled connection must reach the same database: a file.
    if (path.empty() || path == ":memory:" || starts_with(path, "file:"))
      throw Error("SQLite: \"" + std::string(url) + "\" names no database file; use sqlite:PATH");
    // Absolute: connections opened later must not follow a change of the
    // working folder.
    path = std::filesystem::absolute(path).string();
    return make_sql_database(Backend::sqlite, [path] { return open_sqlite_connection(path); });
  }
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    std::string conninfo(url);
    return make_sql_database(Backend::postgresql, [conninfo] { return open_postgres_connection(conninfo); });
  }
  throw Error("unsupported database URL \"" + redact(url) +
              "\": use sqlite:PATH or postgresql://USER@HOST/DB (also postgres://)");
}

}  // namespace store
