#pragma once
// What hosted mode keeps: OAuth clients, the people who signed in (their Trakt
// tokens sealed by the caller), consents, pending authorizations, codes and
// our own tokens (only their hashes), in SQLite or PostgreSQL with one schema.
//
// Every call blocks and may run on any thread: the caller keeps it off the I/O
// thread. Failures of the database itself (gone, full, a broken migration)
// throw store::Error; "not there" and "already used" are values.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace store {

using Time = std::chrono::sys_seconds;

// The database failed; the message names the backend and never a password.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Client {
  std::string id;
  std::string name;
  std::vector<std::string> redirect_uris;
  // A client ID metadata document (id is its https URL) is kept until then and
  // fetched again after; a registered client (RFC 7591) never expires.
  std::optional<Time> expires_at;
  Time created_at{};
};

struct User {
  std::int64_t id = 0;
  std::string trakt_id;       // Trakt's own id for the person (settings user.ids.uuid or slug)
  std::string name;           // their Trakt username, for people to read
  std::string sealed_tokens;  // support::seal()ed Trakt token pair; empty after logout
  std::int64_t tokens_version = 0;  // +1 on every save
};

// What a code or one of our tokens stands for.
struct Grant {
  std::string client_id;
  std::int64_t user_id = 0;
  std::string resource;  // RFC 8707: the MCP endpoint's URL
  std::string scope;
};

// The client's /authorize request, kept while the person is at the consent
// page and at Trakt.
struct PendingAuthorization {
  std::string client_id;
  std::string redirect_uri;
  std::string state;  // the client's own state, given back with the code
  std::string code_challenge;
  std::string resource;
  std::string scope;
  std::optional<std::int64_t> user_id;  // known when a browser session was recognised
  Time expires_at{};
  // What the consent page showed of the client (auth::consent_fingerprint),
  // remembered with the consent when the person allows.
  std::string client_fingerprint;
};

struct AuthorizationCode {
  Grant grant;
  std::string redirect_uri;
  std::string code_challenge;
  Time expires_at{};
};

struct IssuedToken {
  Grant grant;
  std::string family;  // a refresh token and the tokens issued from it share one
  Time expires_at{};
};

enum class RefreshUse {
  fresh,    // first use: the caller issues the next pair in the same family
  reused,   // already spent: the whole family was revoked now (RFC 9700 4.14.2)
  unknown,  // never issued, expired or revoked
};
struct RefreshTake {
  RefreshUse use = RefreshUse::unknown;
  std::optional<IssuedToken> token;  // set when fresh
};

enum class CodeUse {
  fresh,    // first use: the caller issues the first pair of a new family
  reused,   // already spent: the family issued from it was revoked now (OAuth 2.1 4.1.3)
  unknown,  // never issued, expired, or spent too long ago to be remembered
};
struct CodeTake {
  CodeUse use = CodeUse::unknown;
  std::optional<AuthorizationCode> code;  // set when fresh
};

// One person's row held for a Trakt refresh: other callers, on this instance
// or another, wait in lock_user() until this is destroyed, then see what was
// saved here.
class UserLock {
public:
  virtual ~UserLock() = default;  // commits
  virtual const User& user() const = 0;
  virtual void save_tokens(std::string_view sealed_tokens) = 0;
};

class Database {
public:
  virtual ~Database() = default;

  // "sqlite:PATH" or "postgresql://..." / "postgres://..."; creates or migrates
  // the schema. Throws Error saying what is wrong with the URL or the database.
  static std::unique_ptr<Database> open(std::string_view url);
  // The URL with any password replaced by "***", for logs and messages.
  static std::string redact(std::string_view url);

  virtual int schema_version() = 0;
  virtual std::string backend() const = 0;  // "sqlite" or "postgresql"

  virtual void put_client(const Client& client) = 0;  // insert or replace
  virtual std::optional<Client> client(std::string_view id) = 0;

  // The person's row by Trakt id, created when new; their name and tokens replaced.
  virtual User save_user(std::string_view trakt_id, std::string_view name, std::string_view sealed_tokens) = 0;
  virtual std::optional<User> user(std::int64_t id) = 0;

  // A consent remembers what the person saw of the client (`fingerprint`, an
  // opaque text such as auth::consent_fingerprint): it counts only while the
  // client still looks the same, so a metadata document that changes its name
  // or redirect URIs is asked about again.
  virtual void put_consent(std::int64_t user_id, std::string_view client_id, std::string_view scope,
                           std::string_view fingerprint) = 0;
  virtual bool has_consent(std::int64_t user_id, std::string_view client_id, std::string_view scope,
                           std::string_view fingerprint) = 0;

  // The browser that signed in before (a cookie's hash), so consent is asked
  // once per person and client.
  virtual void put_browser_session(std::string_view hash, std::int64_t user_id, Time expires_at) = 0;
  virtual std::optional<std::int64_t> browser_session(std::string_view hash, Time now) = 0;

  // The pair a fresh code or refresh token is traded for, by hash.
  struct Rotation {
    std::string access_hash;
    IssuedToken access;
    std::string refresh_hash;
    IssuedToken refresh;
  };

  // Single use: take_* removes the row atomically; an expired row is nullopt.
  virtual void put_pending(std::string_view hash, const PendingAuthorization& p) = 0;
  virtual std::optional<PendingAuthorization> pending(std::string_view hash, Time now) = 0;
  virtual std::optional<PendingAuthorization> take_pending(std::string_view hash, Time now) = 0;
  virtual void put_code(std::string_view hash, const AuthorizationCode& code) = 0;
  // The code taken and the pair `issue` makes of it (nothing when it returns
  // nullopt: a check failed) stored in one transaction. The spent code is
  // remembered, with the family of that pair, until `keep_spent` past its own
  // expiry: presented again meanwhile, it revokes that family (access and
  // refresh tokens, rotated ones too) and is `reused`. Of two callers racing
  // for one code exactly one gets it, and the other revokes what it got.
  virtual CodeTake redeem_code(std::string_view hash, Time now, std::chrono::seconds keep_spent,
                               const std::function<std::optional<Rotation>(const AuthorizationCode&)>& issue) = 0;
  // redeem_code issuing nothing, the spent code remembered until its expiry.
  virtual std::optional<AuthorizationCode> take_code(std::string_view hash, Time now) = 0;

  virtual void put_access_token(std::string_view hash, const IssuedToken& token) = 0;
  virtual std::optional<IssuedToken> access_token(std::string_view hash, Time now) = 0;
  virtual void put_refresh_token(std::string_view hash, const IssuedToken& token) = 0;
  virtual RefreshTake take_refresh_token(std::string_view hash, Time now) = 0;

  // take_refresh_token and the storing of what `issue` makes of a fresh one
  // (nothing when it returns nullopt: a check failed) in one transaction, so
  // that a failure between cannot spend the token for nothing, and a reuse
  // racing with it revokes the new pair too.
  virtual RefreshTake rotate_refresh_token(std::string_view hash, Time now,
                                           const std::function<std::optional<Rotation>(const IssuedToken&)>& issue) = 0;

  // RFC 7009: an access or refresh token; a refresh token takes its family.
  // False when there was nothing to revoke.
  virtual bool revoke_token(std::string_view hash) = 0;
  // Every token of the person for that client, and the consent.
  virtual void revoke_grants(std::int64_t user_id, std::string_view client_id) = 0;
  // The person logged out: every token, browser session and consent, and the
  // sealed Trakt tokens.
  virtual void forget_user(std::int64_t user_id) = 0;

  // Rows past their expiry (codes, spent codes, pending, tokens, sessions,
  // stale metadata documents); how many went.
  virtual std::size_t delete_expired(Time now) = 0;

  // Blocks until the person's row is held (SELECT ... FOR UPDATE, or SQLite's
  // BEGIN IMMEDIATE). Throws Error when there is no such user.
  // While held, the holder must not write that person's row through the
  // Database (it would wait for itself); on SQLite the lock is the whole
  // file's write lock, so every other write waits (up to 30 s): hold it only
  // for the refresh.
  virtual std::unique_ptr<UserLock> lock_user(std::int64_t user_id) = 0;
};

}  // namespace store
