// Database::redact: passwords in the authority and in parameters become ***,
// everything else (user, host, database, other parameters) stays readable.

#include "store/store.hpp"

#include <gtest/gtest.h>

namespace {

using store::Database;

TEST(Redact, PasswordInTheAuthority) {
  EXPECT_EQ(Database::redact("postgresql://trakt:secret@127.0.0.1/trakt"), "postgresql://trakt:***@127.0.0.1/trakt");
  EXPECT_EQ(Database::redact("postgres://u:s3cr%40t@db:5432/x"), "postgres://u:***@db:5432/x");
  // An unencoded @ in the password: the last @ ends the user information.
  EXPECT_EQ(Database::redact("postgresql://u:p@ss@db/x"), "postgresql://u:***@db/x");
  EXPECT_EQ(Database::redact("postgresql://u:@db/x"), "postgresql://u:***@db/x");
}

TEST(Redact, NothingSecretIsLeftAlone) {
  for (const char* url : {"postgresql://trakt@db/trakt", "postgresql://db:5432/trakt", "postgresql:///trakt?host=/run",
                          "sqlite:/var/lib/trakt-mcp/store.db", "sqlite:relative.db", "",
                          "postgresql://db/x?passwordless=1", "postgresql://db/x?sslpassword_hint=1"})
    EXPECT_EQ(Database::redact(url), url);
}

TEST(Redact, PasswordParameters) {
  EXPECT_EQ(Database::redact("postgresql://db/x?user=u&password=secret&sslmode=require"),
            "postgresql://db/x?user=u&password=***&sslmode=require");
  EXPECT_EQ(Database::redact("postgresql:///x?password=secret"), "postgresql:///x?password=***");
  EXPECT_EQ(Database::redact("postgresql://u:a@db/x?password=b#frag"), "postgresql://u:***@db/x?password=***#frag");
}

TEST(Redact, KeywordValueForm) {
  EXPECT_EQ(Database::redact("host=db user=u password=secret dbname=x"), "host=db user=u password=*** dbname=x");
  EXPECT_EQ(Database::redact("host=db password = 'se cr\\'et' dbname=x"), "host=db password = *** dbname=x");
}

}  // namespace
