// See connection.hpp: the PostgreSQL side, over libpq. Parameters go as text
// and the server infers their types from the columns they meet.

#include "store/connection.hpp"

#include <libpq-fe.h>

#include <charconv>

namespace store {

namespace {

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "unknown error" : s;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresConnection final : public Connection {
public:
  explicit PostgresConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string message = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
      PQfinish(conn_);
      throw Error("PostgreSQL: could not connect to " + Database::redact(url) + ": " + message);
    }
    // NOTICEs ("relation already exists, skipping") would go to stderr.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  Backend backend() const override { return Backend::postgresql; }

  Rows query(std::string_view sql, const Params& params) override {
    Result result = run(sql, params);
    Rows rows;
    const int n = PQntuples(result.get());
    const int columns = PQnfields(result.get());
    rows.reserve(std::size_t(n));
    for (int r = 0; r < n; ++r) {
      Row row;
      row.reserve(std::size_t(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result.get(), r, c))
          row.emplace_back(std::nullopt);
        else
          row.emplace_back(std::string(PQgetvalue(result.get(), r, c), std::size_t(PQgetlength(result.get(), r, c))));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::size_t exec(std::string_view sql, const Params& params) override {
    Result result = run(sql, params);
    const char* tuples = PQcmdTuples(result.get());  // "" for statements that change no rows
    std::size_t n = 0;
    std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), n);
    return n;
  }

  void begin() override { exec("BEGIN", {}); }
  void commit() override { exec("COMMIT", {}); }
  void rollback() override { exec("ROLLBACK", {}); }
  bool reusable() const override {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

private:
  Result run(std::string_view sql, const Params& params) {
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (const auto* n = std::get_if<std::int64_t>(&params[i]))
        texts[i] = std::to_string(*n);
      else if (const auto* s = std::get_if<std::string>(&params[i]))
        texts[i] = *s;
      else
        continue;  // NULL
      values[i] = texts[i].c_str();
    }
    const std::string statement(sql);
    Result result(PQexecParams(conn_, statement.c_str(), int(params.size()), nullptr, values.data(), nullptr,
                               nullptr, 0));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      throw Error("PostgreSQL: " + describe_statement(sql) + " failed: " +
                  trimmed(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn_)));
    return result;
  }

  PGconn* conn_;
};

}  // namespace

std::unique_ptr<Connection> open_postgres_connection(const std::string& url) {
  return std::make_unique<PostgresConnection>(url);
}

}  // namespace store
