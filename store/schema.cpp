// See schema.hpp. Times are epoch seconds (BIGINT); a row is valid while
// expires_at > now. Only hashes of codes, tokens and cookies are kept. The
// OAuth rows do not reference clients: a client ID metadata document expires
// from its cache while its grants live on.

#include "store/schema.hpp"

#include <string>

namespace store {

namespace {

// Any constant of our own: serialises migrations across processes.
constexpr const char* migration_lock = "SELECT pg_advisory_xact_lock(7370011931)";

struct Migration {
  int version;
  std::vector<std::string_view> statements;  // {user_id} is the backend's auto-numbered key
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1,
       {
           R"(CREATE TABLE clients (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                expires_at BIGINT,
                created_at BIGINT NOT NULL))",
           R"(CREATE TABLE client_redirect_uris (
                client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                uri TEXT NOT NULL,
                PRIMARY KEY (client_id, position)))",
           R"(CREATE TABLE users (
                id {user_id},
                trakt_id TEXT NOT NULL UNIQUE,
                sealed_tokens TEXT NOT NULL,
                tokens_version BIGINT NOT NULL))",
           R"(CREATE TABLE consents (
                user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                client_id TEXT NOT NULL,
                scope TEXT NOT NULL,
                PRIMARY KEY (user_id, client_id)))",
           R"(CREATE TABLE browser_sessions (
                hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                expires_at BIGINT NOT NULL))",
           R"(CREATE TABLE pending_authorizations (
                hash TEXT PRIMARY KEY,
                client_id TEXT NOT NULL,
                redirect_uri TEXT NOT NULL,
                state TEXT NOT NULL,
                code_challenge TEXT NOT NULL,
                resource TEXT NOT NULL,
                scope TEXT NOT NULL,
                user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
                expires_at BIGINT NOT NULL))",
           R"(CREATE TABLE authorization_codes (
                hash TEXT PRIMARY KEY,
                client_id TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                resource TEXT NOT NULL,
                scope TEXT NOT NULL,
                redirect_uri TEXT NOT NULL,
                code_challenge TEXT NOT NULL,
                expires_at BIGINT NOT NULL))",
           R"(CREATE TABLE access_tokens (
                hash TEXT PRIMARY KEY,
                client_id TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                resource TEXT NOT NULL,
                scope TEXT NOT NULL,
                family TEXT NOT NULL,
                expires_at BIGINT NOT NULL))",
           // used_at: set by the first use; a second use revokes the family.
           R"(CREATE TABLE refresh_tokens (
                hash TEXT PRIMARY KEY,
                client_id TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                resource TEXT NOT NULL,
                scope TEXT NOT NULL,
                family TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT))",
           "CREATE INDEX access_tokens_family ON access_tokens (family)",
           "CREATE INDEX access_tokens_grant ON access_tokens (user_id, client_id)",
           "CREATE INDEX refresh_tokens_family ON refresh_tokens (family)",
           "CREATE INDEX refresh_tokens_grant ON refresh_tokens (user_id, client_id)",
           "CREATE INDEX browser_sessions_user ON browser_sessions (user_id)",
           "CREATE INDEX pending_authorizations_user ON pending_authorizations (user_id)",
       }},
      // The person's Trakt username, for the consent page ("signed in as").
      {2, {"ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT ''"}},
      // A code used twice revokes the tokens issued from it: a spent code is
      // remembered (its hash, the family issued from it, NULL when a check
      // failed) a while past its expiry.
      {3,
       {
           R"(CREATE TABLE spent_codes (
                hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                family TEXT,
                expires_at BIGINT NOT NULL))",
           "CREATE INDEX spent_codes_user ON spent_codes (user_id)",
       }},
      // A consent remembers what the person saw of the client (its name and
      // redirect URIs, hashed), carried from the consent page by the pending
      // authorization; a consent kept before this has '' and is asked again once.
      {4,
       {
           "ALTER TABLE consents ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE pending_authorizations ADD COLUMN client_fingerprint TEXT NOT NULL DEFAULT ''",
       }},
  };
  return all;
}

std::string for_backend(std::string_view sql, Backend backend) {
  std::string s(sql);
  const std::string_view key = "{user_id}";
  if (auto at = s.find(key); at != std::string::npos)
    s.replace(at, key.size(),
              backend == Backend::sqlite ? "INTEGER PRIMARY KEY"  // the rowid, numbered by SQLite
                                         : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  return s;
}

// Inside a transaction that holds the migration lock.
int version_locked(Connection& c) {
  c.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  const Rows rows = c.query("SELECT MAX(version) FROM schema_version");
  return rows.empty() || !rows[0][0] ? 0 : std::stoi(*rows[0][0]);
}

}  // namespace

void migrate(Connection& c) {
  for (const Migration& m : migrations()) {
    Transaction tx(c);  // SQLite: BEGIN IMMEDIATE, the database's write lock
    if (c.backend() == Backend::postgresql) c.query(migration_lock);
    if (version_locked(c) >= m.version) {
      tx.commit();
      continue;
    }
    for (std::string_view statement : m.statements) c.exec(for_backend(statement, c.backend()));
    c.exec("INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
           {std::int64_t(m.version),
            std::int64_t(std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count())});
    tx.commit();
  }
}

int applied_version(Connection& c) {
  const Rows rows = c.query("SELECT MAX(version) FROM schema_version");
  return rows.empty() || !rows[0][0] ? 0 : std::stoi(*rows[0][0]);
}

const std::vector<std::string_view>& schema_tables() {
  static const std::vector<std::string_view> tables = {
      "spent_codes",      "refresh_tokens", "access_tokens", "authorization_codes",  "pending_authorizations",
      "browser_sessions", "consents",       "users",         "client_redirect_uris", "clients",
      "schema_version"};
  return tables;
}

}  // namespace store
