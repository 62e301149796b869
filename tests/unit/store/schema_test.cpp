// Opening a store: the schema is created once and reopening changes nothing,
// several processes starting at once migrate it once, a new SQLite file is
// private, and a wrong URL or an unreachable database says what is wrong
// without showing a password.

#include "backends.hpp"

#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

using store_tests::StoreTest;

constexpr int newest = 4;

class Schema : public StoreTest {
protected:
  // Back to what version 2 made: nothing of migrations 3 and 4.
  void back_to_version_2() {
    raw()->exec("ALTER TABLE consents DROP COLUMN fingerprint");
    raw()->exec("ALTER TABLE pending_authorizations DROP COLUMN client_fingerprint");
    raw()->exec("DROP TABLE spent_codes");
    raw()->exec("DELETE FROM schema_version WHERE version > 2");
  }
};
STORE_BACKENDS(Schema);

TEST_P(Schema, MigratesOnceAndReopensUnchanged) {
  {
    auto db = open();
    EXPECT_EQ(db->schema_version(), newest);
    EXPECT_EQ(db->backend(), GetParam());
    db->save_user("alice", "", "sealed");
  }
  auto again = open();
  EXPECT_EQ(again->schema_version(), newest);
  EXPECT_EQ(count("schema_version"), std::size_t(newest));
  EXPECT_EQ(count("users"), 1u);  // the data survived the second migration pass
}

TEST_P(Schema, AVersionOneDatabaseIsUpgradedKeepingItsPeople) {
  std::int64_t id = 0;
  {
    auto db = open();
    id = db->save_user("alice", "", "sealed").id;
  }
  // Back to what version 1 made: no name column, nothing of the later
  // migrations, no rows for them.
  back_to_version_2();
  raw()->exec("ALTER TABLE users DROP COLUMN name");
  raw()->exec("DELETE FROM schema_version WHERE version = 2");
  auto upgraded = open();
  EXPECT_EQ(upgraded->schema_version(), newest);
  const auto alice = upgraded->user(id);
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->sealed_tokens, "sealed");
  EXPECT_EQ(alice->name, "");
  EXPECT_EQ(upgraded->save_user("alice", "Alice", "sealed-2").name, "Alice");
}

TEST_P(Schema, AVersionTwoDatabaseIsUpgradedKeepingConsentsAndCodes) {
  std::int64_t id = 0;
  {
    auto db = open();
    id = db->save_user("alice", "Alice", "sealed").id;
  }
  back_to_version_2();
  // What version 2 kept: a consent, a pending authorization, a code.
  raw()->exec("INSERT INTO consents (user_id, client_id, scope) VALUES ($1, 'c1', 'trakt')", {id});
  raw()->exec(
      "INSERT INTO pending_authorizations (hash, client_id, redirect_uri, state, code_challenge, resource, scope, "
      "user_id, expires_at) VALUES ('p1', 'c1', 'https://a/cb', 's', 'ch', 'r', 'trakt', NULL, 4000000000)");
  raw()->exec(
      "INSERT INTO authorization_codes (hash, client_id, user_id, resource, scope, redirect_uri, code_challenge, "
      "expires_at) VALUES ('code', 'c1', $1, 'r', 'trakt', 'https://a/cb', 'ch', 4000000000)",
      {id});
  auto upgraded = open();
  EXPECT_EQ(upgraded->schema_version(), newest);
  // The consent is kept but says nothing of what the person saw: asked again once.
  EXPECT_EQ(count("consents"), 1u);
  EXPECT_FALSE(upgraded->has_consent(id, "c1", "trakt", "fp"));
  upgraded->put_consent(id, "c1", "trakt", "fp");
  EXPECT_TRUE(upgraded->has_consent(id, "c1", "trakt", "fp"));
  const auto pending = upgraded->pending("p1", store_tests::now);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->client_fingerprint, "");
  EXPECT_TRUE(upgraded->take_code("code", store_tests::now));
  EXPECT_FALSE(upgraded->take_code("code", store_tests::now));
}

TEST_P(Schema, FourInstancesStartingAtOnceMigrateOnce) {
  std::atomic<bool> go{false};
  std::atomic<int> opened{0};
  std::vector<std::string> errors(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      try {
        auto db = open();
        if (db->schema_version() == newest) ++opened;
      } catch (const store::Error& e) {
        errors[std::size_t(i)] = e.what();
      }
    });
  go = true;
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(opened, 4);
  EXPECT_EQ(count("schema_version"), std::size_t(newest));
}

TEST(SqliteFile, NewFileIsPrivateAndARelativePathWorks) {
  test_files::TempDir dir("store");
  test_files::Umask um(022);
  const auto old_cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  std::unique_ptr<store::Database> db;
  try {
    db = store::Database::open("sqlite:relative.db");
  } catch (...) {
    std::filesystem::current_path(old_cwd);
    throw;
  }
  std::filesystem::current_path(old_cwd);
  // A second connection, opened after the working folder changed, still
  // reaches the same file.
  const auto alice = db->save_user("alice", "", "sealed");
  auto lock = db->lock_user(alice.id);
  EXPECT_EQ(db->user(alice.id)->trakt_id, "alice");
  EXPECT_FALSE(std::filesystem::exists("relative.db"));
  EXPECT_EQ(test_files::mode_of(dir / "relative.db"), 0600u);
  // The write-ahead log exists while the database is open (WAL mode).
  EXPECT_EQ(test_files::mode_of(dir / "relative.db-wal"), 0600u);
  EXPECT_EQ(test_files::mode_of(dir / "relative.db-shm"), 0600u);
}

std::string open_error(const std::string& url) {
  try {
    store::Database::open(url);
  } catch (const store::Error& e) {
    return e.what();
  }
  return "(opened)";
}

TEST(OpenErrors, UnknownSchemeSaysWhichFormsWork) {
  const auto message = open_error("mysql://root:hunter2@db/trakt");
  EXPECT_NE(message.find("sqlite:PATH"), std::string::npos) << message;
  EXPECT_NE(message.find("postgresql://USER@HOST/DB"), std::string::npos) << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  EXPECT_NE(open_error("").find("sqlite:PATH"), std::string::npos);
}

TEST(OpenErrors, SqliteWithoutAFileNameIsRefused) {
  EXPECT_NE(open_error("sqlite:").find("sqlite:PATH"), std::string::npos);
  EXPECT_NE(open_error("sqlite::memory:").find("sqlite:PATH"), std::string::npos);
}

TEST(OpenErrors, SqliteFileThatCannotBeCreatedIsNamed) {
  // A missing folder: refused even to root, who ignores permissions.
  const auto message = open_error("sqlite:/nonexistent-trakt-mcp/sub/store.db");
  EXPECT_NE(message.find("SQLite"), std::string::npos) << message;
  EXPECT_NE(message.find("/nonexistent-trakt-mcp/sub/store.db"), std::string::npos) << message;
}

TEST(OpenErrors, UnreachablePostgresNamesTheServerButNotThePassword) {
  // Port 1 on loopback: refused at once, no server needed.
  const auto message = open_error("postgresql://trakt:hunter2@127.0.0.1:1/trakt?connect_timeout=5");
  EXPECT_EQ(message.rfind("PostgreSQL: could not connect to postgresql://trakt:***@127.0.0.1:1/trakt", 0), 0u)
      << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

}  // namespace
