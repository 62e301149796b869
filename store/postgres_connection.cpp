// See connection.hpp: the PostgreSQL side, over libpq. Parameters go as text
// and the server infers their types from the columns they meet.
//
// libpq is opened with dlopen when the first PostgreSQL connection is made,
// not linked: it brings about twenty libraries (Kerberos, LDAP, GnuTLS) whose
// loading and relocation cost every start of the stdio server, which never
// uses them, several milliseconds.

#include "store/connection.hpp"

#include <dlfcn.h>
#include <libpq-fe.h>

#include <charconv>

namespace store {

namespace {

constexpr const char* linux_libpq[] = {"libpq.so.5"};
constexpr const char* macos_libpq[] = {"libpq.5.dylib", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib",
                                       "/usr/local/opt/libpq/lib/libpq.5.dylib"};

}  // namespace

std::span<const char* const> libpq_candidates(support::Platform platform) {
  if (platform == support::Platform::macos) return macos_libpq;
  return linux_libpq;
}

std::string_view libpq_install_hint(support::Platform platform) {
  if (platform == support::Platform::macos) return "macOS: brew install libpq";
  return "Debian: apt-get install libpq5";
}

namespace {

// The libpq functions used here, resolved from libpq.so.5 (libpq's stable
// SONAME; Debian's libpq5) or, on macOS, libpq.5.dylib (libpq_candidates).
struct Libpq {
  decltype(&::PQconnectdb) connectdb;
  decltype(&::PQstatus) status;
  decltype(&::PQerrorMessage) errorMessage;
  decltype(&::PQfinish) finish;
  decltype(&::PQsetNoticeProcessor) setNoticeProcessor;
  decltype(&::PQexecParams) execParams;
  decltype(&::PQresultStatus) resultStatus;
  decltype(&::PQresultErrorMessage) resultErrorMessage;
  decltype(&::PQntuples) ntuples;
  decltype(&::PQnfields) nfields;
  decltype(&::PQgetisnull) getisnull;
  decltype(&::PQgetvalue) getvalue;
  decltype(&::PQgetlength) getlength;
  decltype(&::PQcmdTuples) cmdTuples;
  decltype(&::PQtransactionStatus) transactionStatus;
  decltype(&::PQclear) clear;
};

template <class F>
void resolve_symbol(void* handle, const char* file, F& f, const char* name) {
  f = reinterpret_cast<F>(dlsym(handle, name));
  if (!f)
    throw Error(std::string("PostgreSQL: ") + file + " has no " + name + "; install a current libpq (" +
                std::string(libpq_install_hint(support::this_platform)) + ")");
}

Libpq load_libpq() {
  // Never closed: connections live as long as the process.
  void* h = nullptr;
  const char* file = nullptr;
  std::string tried;
  for (const char* candidate : libpq_candidates(support::this_platform)) {
    h = dlopen(candidate, RTLD_NOW | RTLD_LOCAL);
    if (h) {
      file = candidate;
      break;
    }
    const char* why = dlerror();
    tried += (tried.empty() ? "" : "; ") + std::string(why ? why : candidate);
  }
  if (!h)
    throw Error("PostgreSQL: cannot load libpq (" + tried + "). Install it (" +
                std::string(libpq_install_hint(support::this_platform)) + ") or use a sqlite:PATH store.");
  Libpq l{};
  const auto resolve = [h, file](auto& f, const char* name) { resolve_symbol(h, file, f, name); };
  resolve(l.connectdb, "PQconnectdb");
  resolve(l.status, "PQstatus");
  resolve(l.errorMessage, "PQerrorMessage");
  resolve(l.finish, "PQfinish");
  resolve(l.setNoticeProcessor, "PQsetNoticeProcessor");
  resolve(l.execParams, "PQexecParams");
  resolve(l.resultStatus, "PQresultStatus");
  resolve(l.resultErrorMessage, "PQresultErrorMessage");
  resolve(l.ntuples, "PQntuples");
  resolve(l.nfields, "PQnfields");
  resolve(l.getisnull, "PQgetisnull");
  resolve(l.getvalue, "PQgetvalue");
  resolve(l.getlength, "PQgetlength");
  resolve(l.cmdTuples, "PQcmdTuples");
  resolve(l.transactionStatus, "PQtransactionStatus");
  resolve(l.clear, "PQclear");
  return l;
}

// Loaded once; a failed load throws and is tried again by the next connection.
const Libpq& libpq() {
  static const Libpq lib = load_libpq();
  return lib;
}

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "unknown error" : s;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { libpq().clear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresConnection final : public Connection {
public:
  explicit PostgresConnection(const std::string& url) : pq_(libpq()), conn_(pq_.connectdb(url.c_str())) {
    if (!conn_ || pq_.status(conn_) != CONNECTION_OK) {
      std::string message = conn_ ? trimmed(pq_.errorMessage(conn_)) : "out of memory";
      pq_.finish(conn_);
      throw Error("PostgreSQL: could not connect to " + Database::redact(url) + ": " + message);
    }
    // NOTICEs ("relation already exists, skipping") would go to stderr.
    pq_.setNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  }
  ~PostgresConnection() override { pq_.finish(conn_); }

  Backend backend() const override { return Backend::postgresql; }

  Rows query(std::string_view sql, const Params& params) override {
    Result result = run(sql, params);
    Rows rows;
    const int n = pq_.ntuples(result.get());
    const int columns = pq_.nfields(result.get());
    rows.reserve(std::size_t(n));
    for (int r = 0; r < n; ++r) {
      Row row;
      row.reserve(std::size_t(columns));
      for (int c = 0; c < columns; ++c) {
        if (pq_.getisnull(result.get(), r, c))
          row.emplace_back(std::nullopt);
        else
          row.emplace_back(std::string(pq_.getvalue(result.get(), r, c), std::size_t(pq_.getlength(result.get(), r, c))));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::size_t exec(std::string_view sql, const Params& params) override {
    Result result = run(sql, params);
    const char* tuples = pq_.cmdTuples(result.get());  // "" for statements that change no rows
    std::size_t n = 0;
    std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), n);
    return n;
  }

  void begin() override { exec("BEGIN", {}); }
  void commit() override { exec("COMMIT", {}); }
  void rollback() override { exec("ROLLBACK", {}); }
  bool reusable() const override {
    return pq_.status(conn_) == CONNECTION_OK && pq_.transactionStatus(conn_) == PQTRANS_IDLE;
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
    Result result(pq_.execParams(conn_, statement.c_str(), int(params.size()), nullptr, values.data(), nullptr,
                               nullptr, 0));
    const auto status = result ? pq_.resultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      throw Error("PostgreSQL: " + describe_statement(sql) + " failed: " +
                  trimmed(result ? pq_.resultErrorMessage(result.get()) : pq_.errorMessage(conn_)));
    return result;
  }

  const Libpq& pq_;
  PGconn* conn_;
};

}  // namespace

std::unique_ptr<Connection> open_postgres_connection(const std::string& url) {
  return std::make_unique<PostgresConnection>(url);
}

}  // namespace store
