// See connection.hpp: the SQLite side. A new database file is created 0600
// before SQLite opens it (SQLite would use 0644); its -wal and -shm files take
// the same mode from it.

#include "store/connection.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace store {

namespace {

// Long enough for another instance's Trakt refresh under lock_user().
constexpr int busy_timeout_ms = 30'000;

void create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;  // an existing database keeps its mode
    throw Error("SQLite: cannot create the database file " + path + ": " + std::strerror(errno));
  }
  ::fchmod(fd, 0600);  // exactly, whatever the umask
  ::close(fd);
}

class Statement {
public:
  Statement(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v2(db, sql.data(), int(sql.size()), &stmt_, nullptr) != SQLITE_OK)
      throw Error("SQLite: " + describe_statement(sql) + " failed: " + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* get() const { return stmt_; }

private:
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteConnection final : public Connection {
public:
  explicit SqliteConnection(const std::string& path) : path_(path) {
    create_private_file(path);
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Error("SQLite: cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    try {
      exec("PRAGMA foreign_keys = ON", {});
      use_wal();
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }
  ~SqliteConnection() override { sqlite3_close(db_); }

  Backend backend() const override { return Backend::sqlite; }

  Rows query(std::string_view sql, const Params& params) override {
    Statement stmt(db_, sql);
    bind(stmt.get(), sql, params);
    Rows rows;
    const int columns = sqlite3_column_count(stmt.get());
    for (;;) {
      const int rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(sql);
      Row row;
      row.reserve(std::size_t(columns));
      for (int i = 0; i < columns; ++i) {
        const auto* text = sqlite3_column_text(stmt.get(), i);
        if (text)
          row.emplace_back(std::string(reinterpret_cast<const char*>(text), std::size_t(sqlite3_column_bytes(stmt.get(), i))));
        else
          row.emplace_back(std::nullopt);
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::size_t exec(std::string_view sql, const Params& params) override {
    Statement stmt(db_, sql);
    bind(stmt.get(), sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) fail(sql);
    return std::size_t(sqlite3_changes64(db_));
  }

  void begin() override { exec("BEGIN IMMEDIATE", {}); }
  void commit() override { exec("COMMIT", {}); }
  void rollback() override { exec("ROLLBACK", {}); }
  bool reusable() const override { return sqlite3_get_autocommit(db_) != 0; }

private:
  // WAL: readers do not wait for the writer. Switching a new file to it needs
  // a moment alone with it, and SQLite answers "busy" there without waiting
  // (another instance starting at the same time): tried again until the busy
  // timeout.
  void use_wal() {
    constexpr std::string_view sql = "PRAGMA journal_mode = WAL";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
    for (;;) {
      Statement stmt(db_, sql);
      const int rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_ROW) return;
      if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline) fail(sql);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  // Parameters are named $1..$N in the SQL; SQLite numbers named parameters
  // by first appearance, so each is bound by its name.
  void bind(sqlite3_stmt* stmt, std::string_view sql, const Params& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::string name = "$";  // appended, not "$" + ...: GCC 12 -O3 warns falsely (-Wrestrict)
      name += std::to_string(i + 1);
      const int index = sqlite3_bind_parameter_index(stmt, name.c_str());
      if (index == 0) continue;  // not used by this statement
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<std::int64_t>(&params[i]))
        rc = sqlite3_bind_int64(stmt, index, *n);
      else if (const auto* s = std::get_if<std::string>(&params[i]))
        rc = sqlite3_bind_text(stmt, index, s->data(), int(s->size()), SQLITE_TRANSIENT);
      else
        rc = sqlite3_bind_null(stmt, index);
      if (rc != SQLITE_OK) fail(sql);
    }
  }

  [[noreturn]] void fail(std::string_view sql) {
    throw Error("SQLite: " + describe_statement(sql) + " failed on " + path_ + ": " + sqlite3_errmsg(db_));
  }

  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite_connection(const std::string& path) {
  return std::make_unique<SqliteConnection>(path);
}

}  // namespace store
