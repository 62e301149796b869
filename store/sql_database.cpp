// See sql_database.hpp. Single-use rows are taken by one statement (DELETE or
// UPDATE ... RETURNING), so of two callers racing for one code exactly one
// gets it. Statements that read and then write run in a transaction.

#include "store/sql_database.hpp"

#include "store/schema.hpp"

#include <exception>
#include <set>
#include <sstream>

namespace store {

namespace {

std::int64_t seconds(Time t) { return t.time_since_epoch().count(); }

std::string text(const std::optional<std::string>& v) { return v.value_or(""); }
std::int64_t integer(const std::optional<std::string>& v) { return v ? std::stoll(*v) : 0; }
Time time_of(const std::optional<std::string>& v) { return Time(std::chrono::seconds(integer(v))); }

std::string_view name_of(Backend b) { return b == Backend::sqlite ? "sqlite" : "postgresql"; }
std::string_view label_of(Backend b) { return b == Backend::sqlite ? "SQLite" : "PostgreSQL"; }

std::set<std::string> words(std::string_view scope) {
  std::set<std::string> out;
  std::istringstream in{std::string(scope)};
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

// A consent covers a request when it names every scope asked for.
bool covers(std::string_view granted, std::string_view requested) {
  const auto have = words(granted);
  for (const auto& w : words(requested))
    if (!have.count(w)) return false;
  return true;
}

constexpr const char* user_columns = "id, trakt_id, sealed_tokens, tokens_version, name";
User user_of(const Row& r) { return User{integer(r[0]), text(r[1]), text(r[4]), text(r[2]), integer(r[3])}; }

constexpr const char* token_columns = "client_id, user_id, resource, scope, family, expires_at";
IssuedToken token_of(const Row& r) {
  return IssuedToken{Grant{text(r[0]), integer(r[1]), text(r[2]), text(r[3])}, text(r[4]), time_of(r[5])};
}

constexpr const char* pending_columns =
    "client_id, redirect_uri, state, code_challenge, resource, scope, user_id, expires_at, client_fingerprint";
PendingAuthorization pending_of(const Row& r) {
  PendingAuthorization p{text(r[0]), text(r[1]), text(r[2]),    text(r[3]),   text(r[4]),
                         text(r[5]), std::nullopt, time_of(r[7]), text(r[8])};
  if (r[6]) p.user_id = integer(r[6]);
  return p;
}

constexpr const char* code_columns = "client_id, user_id, resource, scope, redirect_uri, code_challenge, expires_at";
AuthorizationCode code_of(const Row& r) {
  return AuthorizationCode{Grant{text(r[0]), integer(r[1]), text(r[2]), text(r[3])}, text(r[4]), text(r[5]),
                           time_of(r[6])};
}

void revoke_family(Connection& c, const std::string& family) {
  c.exec("DELETE FROM access_tokens WHERE family = $1", {family});
  c.exec("DELETE FROM refresh_tokens WHERE family = $1", {family});
}

class SqlUserLock final : public UserLock {
public:
  SqlUserLock(Pool::Lease c, User user) : c_(std::move(c)), user_(std::move(user)) {}
  // Commits, or rolls back while an exception unwinds; a failed commit rolls
  // back too (the pool then drops the connection if that fails as well).
  ~SqlUserLock() override {
    try {
      if (std::uncaught_exceptions() > unwinding_)
        c_->rollback();
      else
        c_->commit();
    } catch (...) {
      try {
        c_->rollback();
      } catch (...) {
      }
    }
  }

  const User& user() const override { return user_; }

  void save_tokens(std::string_view sealed_tokens) override {
    const Rows rows = c_->query(
        "UPDATE users SET sealed_tokens = $2, tokens_version = tokens_version + 1 WHERE id = $1 "
        "RETURNING tokens_version",
        {user_.id, std::string(sealed_tokens)});
    user_.sealed_tokens = sealed_tokens;
    if (!rows.empty()) user_.tokens_version = integer(rows[0][0]);
  }

private:
  Pool::Lease c_;
  User user_;
  int unwinding_ = std::uncaught_exceptions();
};

class SqlDatabase final : public Database {
public:
  SqlDatabase(Backend backend, Pool::Opener open) : backend_(backend), pool_(std::move(open)) {
    migrate(*pool_.borrow());
  }

  int schema_version() override { return applied_version(*pool_.borrow()); }
  std::string backend() const override { return std::string(name_of(backend_)); }

  void put_client(const Client& client) override {
    auto c = pool_.borrow();
    Transaction tx(*c);
    c->exec(
        "INSERT INTO clients (id, name, expires_at, created_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, expires_at = excluded.expires_at, "
        "created_at = excluded.created_at",
        {client.id, client.name, client.expires_at ? Value(seconds(*client.expires_at)) : Value(nullptr),
         seconds(client.created_at)});
    c->exec("DELETE FROM client_redirect_uris WHERE client_id = $1", {client.id});
    for (std::size_t i = 0; i < client.redirect_uris.size(); ++i)
      c->exec("INSERT INTO client_redirect_uris (client_id, position, uri) VALUES ($1, $2, $3)",
              {client.id, std::int64_t(i), client.redirect_uris[i]});
    tx.commit();
  }

  std::optional<Client> client(std::string_view id) override {
    // One statement, so one snapshot of the client and its URIs.
    const Rows rows = pool_.borrow()->query(
        "SELECT c.name, c.expires_at, c.created_at, u.uri FROM clients c "
        "LEFT JOIN client_redirect_uris u ON u.client_id = c.id WHERE c.id = $1 ORDER BY u.position",
        {std::string(id)});
    if (rows.empty()) return std::nullopt;
    Client client{std::string(id), text(rows[0][0]), {}, std::nullopt, time_of(rows[0][2])};
    if (rows[0][1]) client.expires_at = time_of(rows[0][1]);
    for (const Row& r : rows)
      if (r[3]) client.redirect_uris.push_back(*r[3]);
    return client;
  }

  User save_user(std::string_view trakt_id, std::string_view name, std::string_view sealed_tokens) override {
    const Rows rows = pool_.borrow()->query(
        std::string("INSERT INTO users (trakt_id, sealed_tokens, tokens_version, name) VALUES ($1, $2, 1, $3) "
                    "ON CONFLICT (trakt_id) DO UPDATE SET sealed_tokens = excluded.sealed_tokens, "
                    "name = excluded.name, tokens_version = users.tokens_version + 1 RETURNING ") +
            user_columns,
        {std::string(trakt_id), std::string(sealed_tokens), std::string(name)});
    if (rows.empty()) fail("save_user returned no row");
    return user_of(rows[0]);
  }

  std::optional<User> user(std::int64_t id) override {
    const Rows rows =
        pool_.borrow()->query(std::string("SELECT ") + user_columns + " FROM users WHERE id = $1", {id});
    if (rows.empty()) return std::nullopt;
    return user_of(rows[0]);
  }

  void put_consent(std::int64_t user_id, std::string_view client_id, std::string_view scope,
                   std::string_view fingerprint) override {
    pool_.borrow()->exec(
        "INSERT INTO consents (user_id, client_id, scope, fingerprint) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (user_id, client_id) DO UPDATE SET scope = excluded.scope, fingerprint = excluded.fingerprint",
        {user_id, std::string(client_id), std::string(scope), std::string(fingerprint)});
  }

  bool has_consent(std::int64_t user_id, std::string_view client_id, std::string_view scope,
                   std::string_view fingerprint) override {
    const Rows rows =
        pool_.borrow()->query("SELECT scope, fingerprint FROM consents WHERE user_id = $1 AND client_id = $2",
                              {user_id, std::string(client_id)});
    // A consent given before fingerprints were kept has '': asked again once.
    return !rows.empty() && covers(text(rows[0][0]), scope) && !fingerprint.empty() &&
           text(rows[0][1]) == fingerprint;
  }

  void put_browser_session(std::string_view hash, std::int64_t user_id, Time expires_at) override {
    pool_.borrow()->exec(
        "INSERT INTO browser_sessions (hash, user_id, expires_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (hash) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at",
        {std::string(hash), user_id, seconds(expires_at)});
  }

  std::optional<std::int64_t> browser_session(std::string_view hash, Time now) override {
    const Rows rows = pool_.borrow()->query(
        "SELECT user_id FROM browser_sessions WHERE hash = $1 AND expires_at > $2", {std::string(hash), seconds(now)});
    if (rows.empty()) return std::nullopt;
    return integer(rows[0][0]);
  }

  void put_pending(std::string_view hash, const PendingAuthorization& p) override {
    pool_.borrow()->exec(
        "INSERT INTO pending_authorizations (hash, client_id, redirect_uri, state, code_challenge, resource, "
        "scope, user_id, expires_at, client_fingerprint) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {std::string(hash), p.client_id, p.redirect_uri, p.state, p.code_challenge, p.resource, p.scope,
         p.user_id ? Value(*p.user_id) : Value(nullptr), seconds(p.expires_at), p.client_fingerprint});
  }

  std::optional<PendingAuthorization> pending(std::string_view hash, Time now) override {
    const Rows rows = pool_.borrow()->query(std::string("SELECT ") + pending_columns +
                                                " FROM pending_authorizations WHERE hash = $1 AND expires_at > $2",
                                            {std::string(hash), seconds(now)});
    if (rows.empty()) return std::nullopt;
    return pending_of(rows[0]);
  }

  std::optional<PendingAuthorization> take_pending(std::string_view hash, Time now) override {
    const Rows rows = pool_.borrow()->query(
        std::string("DELETE FROM pending_authorizations WHERE hash = $1 AND expires_at > $2 RETURNING ") +
            pending_columns,
        {std::string(hash), seconds(now)});
    if (rows.empty()) return std::nullopt;
    return pending_of(rows[0]);
  }

  void put_code(std::string_view hash, const AuthorizationCode& code) override {
    const Grant& g = code.grant;
    pool_.borrow()->exec(
        "INSERT INTO authorization_codes (hash, client_id, user_id, resource, scope, redirect_uri, "
        "code_challenge, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {std::string(hash), g.client_id, g.user_id, g.resource, g.scope, code.redirect_uri, code.code_challenge,
         seconds(code.expires_at)});
  }

  CodeTake redeem_code(std::string_view hash, Time now, std::chrono::seconds keep_spent,
                       const std::function<std::optional<Rotation>(const AuthorizationCode&)>& issue) override {
    auto c = pool_.borrow();
    Transaction tx(*c);
    // Taken, its pair stored and the code remembered as spent in one
    // transaction: a second use racing with this waits for the row
    // (PostgreSQL) or the write lock (SQLite), then finds the spent code and
    // revokes the pair stored here.
    const Rows taken = c->query(
        std::string("DELETE FROM authorization_codes WHERE hash = $1 AND expires_at > $2 RETURNING ") + code_columns,
        {std::string(hash), seconds(now)});
    if (!taken.empty()) {
      CodeTake out{CodeUse::fresh, code_of(taken[0])};
      Value family = nullptr;
      if (auto pair = issue(*out.code)) {
        put_token(*c, "access_tokens", pair->access_hash, pair->access);
        put_token(*c, "refresh_tokens", pair->refresh_hash, pair->refresh);
        family = pair->refresh.family;
      }
      c->exec(
          "INSERT INTO spent_codes (hash, user_id, family, expires_at) VALUES ($1, $2, $3, $4) "
          "ON CONFLICT (hash) DO UPDATE SET user_id = excluded.user_id, family = excluded.family, "
          "expires_at = excluded.expires_at",
          {std::string(hash), out.code->grant.user_id, family, seconds(out.code->expires_at + keep_spent)});
      tx.commit();
      return out;
    }

    const Rows spent = c->query("SELECT family FROM spent_codes WHERE hash = $1 AND expires_at > $2",
                                {std::string(hash), seconds(now)});
    if (spent.empty()) {
      tx.commit();
      return CodeTake{CodeUse::unknown, std::nullopt};
    }
    if (spent[0][0]) revoke_family(*c, *spent[0][0]);
    tx.commit();
    return CodeTake{CodeUse::reused, std::nullopt};
  }

  std::optional<AuthorizationCode> take_code(std::string_view hash, Time now) override {
    auto none = [](const AuthorizationCode&) { return std::optional<Rotation>(); };
    return redeem_code(hash, now, std::chrono::seconds(0), none).code;
  }

  void put_access_token(std::string_view hash, const IssuedToken& token) override {
    put_token("access_tokens", hash, token);
  }

  std::optional<IssuedToken> access_token(std::string_view hash, Time now) override {
    const Rows rows = pool_.borrow()->query(
        std::string("SELECT ") + token_columns + " FROM access_tokens WHERE hash = $1 AND expires_at > $2",
        {std::string(hash), seconds(now)});
    if (rows.empty()) return std::nullopt;
    return token_of(rows[0]);
  }

  void put_refresh_token(std::string_view hash, const IssuedToken& token) override {
    put_token("refresh_tokens", hash, token);
  }

  RefreshTake take_refresh_token(std::string_view hash, Time now) override {
    return rotate_refresh_token(hash, now, [](const IssuedToken&) { return std::optional<Rotation>(); });
  }

  RefreshTake rotate_refresh_token(std::string_view hash, Time now,
                                   const std::function<std::optional<Rotation>(const IssuedToken&)>& issue) override {
    auto c = pool_.borrow();
    Transaction tx(*c);
    // Marked used rather than deleted, so that a second use is recognised. The
    // row stays locked until commit: a reuse racing with this waits, then
    // revokes the family with the pair stored here in it.
    const Rows fresh = c->query(std::string("UPDATE refresh_tokens SET used_at = $2 WHERE hash = $1 AND "
                                            "used_at IS NULL AND expires_at > $2 RETURNING ") +
                                    token_columns,
                                {std::string(hash), seconds(now)});
    if (!fresh.empty()) {
      RefreshTake taken{RefreshUse::fresh, token_of(fresh[0])};
      if (auto pair = issue(*taken.token)) {
        put_token(*c, "access_tokens", pair->access_hash, pair->access);
        put_token(*c, "refresh_tokens", pair->refresh_hash, pair->refresh);
      }
      tx.commit();
      return taken;
    }

    const Rows used = c->query("SELECT family FROM refresh_tokens WHERE hash = $1 AND used_at IS NOT NULL AND "
                               "expires_at > $2",
                               {std::string(hash), seconds(now)});
    if (used.empty()) {
      tx.commit();
      return RefreshTake{RefreshUse::unknown, std::nullopt};
    }
    revoke_family(*c, text(used[0][0]));
    tx.commit();
    return RefreshTake{RefreshUse::reused, std::nullopt};
  }

  bool revoke_token(std::string_view hash) override {
    auto c = pool_.borrow();
    Transaction tx(*c);
    bool revoked = c->exec("DELETE FROM access_tokens WHERE hash = $1", {std::string(hash)}) > 0;
    if (!revoked) {
      const Rows rows = c->query("SELECT family FROM refresh_tokens WHERE hash = $1", {std::string(hash)});
      if (!rows.empty()) {
        revoke_family(*c, text(rows[0][0]));
        revoked = true;
      }
    }
    tx.commit();
    return revoked;
  }

  void revoke_grants(std::int64_t user_id, std::string_view client_id) override {
    auto c = pool_.borrow();
    Transaction tx(*c);
    // Codes too: one not yet exchanged would otherwise bring the grant back.
    for (const char* table : {"access_tokens", "refresh_tokens", "authorization_codes", "consents"})
      c->exec(std::string("DELETE FROM ") + table + " WHERE user_id = $1 AND client_id = $2",
              {user_id, std::string(client_id)});
    tx.commit();
  }

  void forget_user(std::int64_t user_id) override {
    auto c = pool_.borrow();
    Transaction tx(*c);
    for (const char* table : {"access_tokens", "refresh_tokens", "authorization_codes", "spent_codes",
                              "browser_sessions", "consents", "pending_authorizations"})
      c->exec(std::string("DELETE FROM ") + table + " WHERE user_id = $1", {user_id});
    c->exec("UPDATE users SET sealed_tokens = '', tokens_version = tokens_version + 1 WHERE id = $1", {user_id});
    tx.commit();
  }

  std::size_t delete_expired(Time now) override {
    auto c = pool_.borrow();
    Transaction tx(*c);
    std::size_t n = 0;
    for (const char* table : {"authorization_codes", "spent_codes", "pending_authorizations", "access_tokens",
                              "refresh_tokens", "browser_sessions"})
      n += c->exec(std::string("DELETE FROM ") + table + " WHERE expires_at <= $1", {seconds(now)});
    // Registered clients have no expiry; cached metadata documents do.
    n += c->exec("DELETE FROM clients WHERE expires_at IS NOT NULL AND expires_at <= $1", {seconds(now)});
    tx.commit();
    return n;
  }

  std::unique_ptr<UserLock> lock_user(std::int64_t user_id) override {
    auto c = pool_.borrow();
    // SQLite: begin() is BEGIN IMMEDIATE, the write lock of the whole file.
    c->begin();
    Rows rows;
    try {
      // PostgreSQL: NO KEY UPDATE, so that rows referencing the person (their
      // new codes and tokens) can still be written meanwhile; a waiter gives up
      // after a minute (a refresh takes at most Trakt's timeout) instead of
      // hanging on an instance that died holding the lock.
      if (backend_ == Backend::postgresql) c->exec("SET LOCAL lock_timeout = '60s'", {});
      rows = c->query(std::string("SELECT ") + user_columns + " FROM users WHERE id = $1" +
                          (backend_ == Backend::postgresql ? " FOR NO KEY UPDATE" : ""),
                      {user_id});
    } catch (...) {
      rollback_quietly(*c);
      throw;
    }
    if (rows.empty()) {
      rollback_quietly(*c);
      fail("lock_user: no user " + std::to_string(user_id));
    }
    return std::make_unique<SqlUserLock>(std::move(c), user_of(rows[0]));
  }

private:
  void put_token(const char* table, std::string_view hash, const IssuedToken& t) {
    put_token(*pool_.borrow(), table, hash, t);
  }
  static void put_token(Connection& c, const char* table, std::string_view hash, const IssuedToken& t) {
    c.exec(std::string("INSERT INTO ") + table + " (hash, " + token_columns + ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
           {std::string(hash), t.grant.client_id, t.grant.user_id, t.grant.resource, t.grant.scope, t.family,
            seconds(t.expires_at)});
  }

  static void rollback_quietly(Connection& c) {
    try {
      c.rollback();
    } catch (...) {  // the pool closes a connection left in a transaction
    }
  }

  [[noreturn]] void fail(const std::string& what) const { throw Error(std::string(label_of(backend_)) + ": " + what); }

  Backend backend_;
  Pool pool_;
};

}  // namespace

std::unique_ptr<Database> make_sql_database(Backend backend, Pool::Opener open) {
  return std::make_unique<SqlDatabase>(backend, std::move(open));
}

}  // namespace store
