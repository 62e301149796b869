#pragma once
// One open connection to SQLite or PostgreSQL, the little the SQL above it
// needs: statements with $1..$N parameters, text results, transactions. Used by
// one thread at a time (the pool hands it out). Failures throw store::Error.

#include "store/store.hpp"
#include "support/platform.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace store {

enum class Backend { sqlite, postgresql };

// A parameter: NULL, an integer or text. Integers stay integers for SQLite;
// PostgreSQL gets every parameter as text and infers its type from the column.
using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;
using Params = std::vector<Value>;
// A result row, column by column as text (NULL is nullopt).
using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

class Connection {
public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;

  // A statement that returns rows (SELECT, or anything with RETURNING).
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // A statement run for its effect; how many rows it changed.
  virtual std::size_t exec(std::string_view sql, const Params& params = {}) = 0;

  // begin() takes the write lock at once on SQLite (BEGIN IMMEDIATE): a
  // transaction that reads and then writes must not find its snapshot stale.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // False after the connection broke or was left inside a transaction: the
  // pool then closes it instead of handing it out again.
  virtual bool reusable() const = 0;
};

std::unique_ptr<Connection> open_sqlite_connection(const std::string& path);
std::unique_ptr<Connection> open_postgres_connection(const std::string& url);

// Where open_postgres_connection looks for libpq (dlopen, in this order) on a
// platform: its SONAME on Linux; on macOS the dylib by name (DYLD_* paths,
// /usr/local/lib, /usr/lib), then Homebrew's keg-only libpq on Apple silicon
// and on Intel. And how to install it there, for the message when none loads.
std::span<const char* const> libpq_candidates(support::Platform platform);
std::string_view libpq_install_hint(support::Platform platform);

// begin() now; rollback() when left without commit() (an exception).
class Transaction {
public:
  explicit Transaction(Connection& c) : c_(c) { c_.begin(); }
  ~Transaction() {
    if (open_) try {
        c_.rollback();
      } catch (...) {  // the connection is then not reusable; nothing more to do
      }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit() {
    open_ = false;
    c_.commit();
  }

private:
  Connection& c_;
  bool open_ = true;
};

// "DELETE FROM codes WHERE ..." shortened for an error message: the statement
// says what failed; parameters (hashes, tokens) are never shown.
std::string describe_statement(std::string_view sql);

}  // namespace store
