// Our own tokens: access tokens and their expiry, refresh rotation with reuse
// detection that revokes the whole family, revocation (RFC 7009), a person's
// grants to one client, logout, and cleanup of expired rows.

#include "backends.hpp"

namespace {

using store_tests::later;
using store_tests::now;
using store_tests::StoreTest;

class Tokens : public StoreTest {
protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    db = open();
    alice = db->save_user("alice", "", "sealed-a").id;
    bob = db->save_user("bob", "", "sealed-b").id;
  }

  store::IssuedToken token(std::int64_t user, std::string client, std::string family, int lifetime = 3600) {
    return store::IssuedToken{store::Grant{std::move(client), user, "https://mcp.example/mcp", "read"},
                              std::move(family), later(lifetime)};
  }

  std::unique_ptr<store::Database> db;
  std::int64_t alice = 0;
  std::int64_t bob = 0;
};
STORE_BACKENDS(Tokens);

TEST_P(Tokens, AccessTokensRoundTripUntilExpiry) {
  db->put_access_token("at", token(alice, "c1", "f1", 60));
  auto got = db->access_token("at", now);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->grant.client_id, "c1");
  EXPECT_EQ(got->grant.user_id, alice);
  EXPECT_EQ(got->grant.resource, "https://mcp.example/mcp");
  EXPECT_EQ(got->grant.scope, "read");
  EXPECT_EQ(got->family, "f1");
  EXPECT_EQ(got->expires_at, later(60));
  EXPECT_FALSE(db->access_token("at", later(60)));
  EXPECT_FALSE(db->access_token("other", now));
}

TEST_P(Tokens, RotationStoresTheNewPairWithTheSpendOrNothingAtAll) {
  db->put_refresh_token("rt1", token(alice, "c1", "f1"));
  auto issue = [&](const store::IssuedToken& t) -> std::optional<store::Database::Rotation> {
    return store::Database::Rotation{"at2", token(alice, t.grant.client_id, t.family), "rt2",
                                     token(alice, t.grant.client_id, t.family)};
  };
  // The store fails between the spend and the new pair (here: the pair's own
  // insert collides): nothing happened, the token still works.
  db->put_access_token("at2", token(bob, "c9", "f9"));
  EXPECT_THROW(db->rotate_refresh_token("rt1", now, issue), store::Error);
  EXPECT_EQ(db->access_token("at2", now)->grant.user_id, bob);
  ASSERT_TRUE(db->revoke_token("at2"));
  auto rotated = db->rotate_refresh_token("rt1", now, issue);
  EXPECT_EQ(rotated.use, store::RefreshUse::fresh);
  EXPECT_TRUE(db->access_token("at2", now));
  // A reuse of the spent token takes the new pair with the family.
  EXPECT_EQ(db->rotate_refresh_token("rt1", now, issue).use, store::RefreshUse::reused);
  EXPECT_FALSE(db->access_token("at2", now));
  EXPECT_EQ(db->take_refresh_token("rt2", now).use, store::RefreshUse::unknown);
  // A check that fails inside still spends the token, and stores nothing.
  db->put_refresh_token("rt3", token(alice, "c1", "f3"));
  auto refuse = [](const store::IssuedToken&) { return std::optional<store::Database::Rotation>(); };
  EXPECT_EQ(db->rotate_refresh_token("rt3", now, refuse).use, store::RefreshUse::fresh);
  EXPECT_EQ(db->take_refresh_token("rt3", now).use, store::RefreshUse::reused);
}

TEST_P(Tokens, RefreshIsFreshOnceThenReuseRevokesTheFamily) {
  db->put_access_token("at1", token(alice, "c1", "f1"));
  db->put_refresh_token("rt1", token(alice, "c1", "f1"));
  db->put_access_token("other-at", token(alice, "c1", "f2"));
  db->put_refresh_token("other-rt", token(alice, "c1", "f2"));

  auto first = db->take_refresh_token("rt1", now);
  EXPECT_EQ(first.use, store::RefreshUse::fresh);
  ASSERT_TRUE(first.token);
  EXPECT_EQ(first.token->family, "f1");
  EXPECT_EQ(first.token->grant.user_id, alice);
  // The caller rotates: the next pair in the same family.
  db->put_access_token("at2", token(alice, "c1", "f1"));
  db->put_refresh_token("rt2", token(alice, "c1", "f1"));

  auto replay = db->take_refresh_token("rt1", now);
  EXPECT_EQ(replay.use, store::RefreshUse::reused);
  EXPECT_FALSE(replay.token);
  EXPECT_FALSE(db->access_token("at1", now));
  EXPECT_FALSE(db->access_token("at2", now));
  EXPECT_EQ(db->take_refresh_token("rt2", now).use, store::RefreshUse::unknown);
  EXPECT_EQ(db->take_refresh_token("rt1", now).use, store::RefreshUse::unknown);

  // Another family of the same person and client is untouched.
  EXPECT_TRUE(db->access_token("other-at", now));
  EXPECT_EQ(db->take_refresh_token("other-rt", now).use, store::RefreshUse::fresh);
}

TEST_P(Tokens, ExpiredOrUnknownRefreshTokensAreUnknown) {
  db->put_refresh_token("rt", token(alice, "c1", "f1", 60));
  EXPECT_EQ(db->take_refresh_token("rt", later(60)).use, store::RefreshUse::unknown);
  EXPECT_EQ(db->take_refresh_token("never", now).use, store::RefreshUse::unknown);
  EXPECT_EQ(db->take_refresh_token("rt", now).use, store::RefreshUse::fresh);  // not spent by the failed try
}

TEST_P(Tokens, RevokeAnAccessTokenAlone) {
  db->put_access_token("at", token(alice, "c1", "f1"));
  db->put_refresh_token("rt", token(alice, "c1", "f1"));
  EXPECT_TRUE(db->revoke_token("at"));
  EXPECT_FALSE(db->access_token("at", now));
  EXPECT_EQ(db->take_refresh_token("rt", now).use, store::RefreshUse::fresh);
  EXPECT_FALSE(db->revoke_token("at"));
  EXPECT_FALSE(db->revoke_token("never"));
}

TEST_P(Tokens, RevokeARefreshTokenTakesItsFamily) {
  db->put_access_token("at", token(alice, "c1", "f1"));
  db->put_refresh_token("rt", token(alice, "c1", "f1"));
  db->put_access_token("other", token(alice, "c1", "f2"));
  EXPECT_TRUE(db->revoke_token("rt"));
  EXPECT_FALSE(db->access_token("at", now));
  EXPECT_EQ(db->take_refresh_token("rt", now).use, store::RefreshUse::unknown);
  EXPECT_TRUE(db->access_token("other", now));
  EXPECT_FALSE(db->revoke_token("rt"));
}

TEST_P(Tokens, RevokeGrantsOfOnePersonToOneClient) {
  db->put_consent(alice, "c1", "read", "fp");
  db->put_consent(alice, "c2", "read", "fp");
  db->put_consent(bob, "c1", "read", "fp");
  db->put_access_token("a-c1-at", token(alice, "c1", "f1"));
  db->put_refresh_token("a-c1-rt", token(alice, "c1", "f1"));
  db->put_access_token("a-c1-at2", token(alice, "c1", "f3"));
  db->put_access_token("a-c2-at", token(alice, "c2", "f2"));
  db->put_access_token("b-c1-at", token(bob, "c1", "f4"));

  db->revoke_grants(alice, "c1");
  EXPECT_FALSE(db->access_token("a-c1-at", now));
  EXPECT_FALSE(db->access_token("a-c1-at2", now));
  EXPECT_EQ(db->take_refresh_token("a-c1-rt", now).use, store::RefreshUse::unknown);
  EXPECT_FALSE(db->has_consent(alice, "c1", "read", "fp"));

  EXPECT_TRUE(db->access_token("a-c2-at", now));
  EXPECT_TRUE(db->access_token("b-c1-at", now));
  EXPECT_TRUE(db->has_consent(alice, "c2", "read", "fp"));
  EXPECT_TRUE(db->has_consent(bob, "c1", "read", "fp"));
}

TEST_P(Tokens, ForgetUserRemovesEverythingButTheRow) {
  db->put_consent(alice, "c1", "read", "fp");
  db->put_browser_session("cookie", alice, later(60));
  db->put_pending("pending", store::PendingAuthorization{"c1", "https://a/cb", "s", "ch", "r", "read", alice, later(60)});
  db->put_pending("anonymous", store::PendingAuthorization{"c1", "https://a/cb", "s", "ch", "r", "read", std::nullopt,
                                                           later(60)});
  db->put_access_token("at", token(alice, "c1", "f1"));
  db->put_refresh_token("rt", token(alice, "c1", "f1"));
  db->put_access_token("bob-at", token(bob, "c1", "f2"));
  db->put_browser_session("bob-cookie", bob, later(60));
  db->put_code("spent",
               store::AuthorizationCode{store::Grant{"c1", alice, "r", "read"}, "https://a/cb", "ch", later(60)});
  ASSERT_TRUE(db->take_code("spent", now));

  db->forget_user(alice);
  EXPECT_EQ(count("spent_codes"), 0u);
  EXPECT_FALSE(db->has_consent(alice, "c1", "read", "fp"));
  EXPECT_FALSE(db->browser_session("cookie", now));
  EXPECT_FALSE(db->pending("pending", now));
  EXPECT_FALSE(db->access_token("at", now));
  EXPECT_EQ(db->take_refresh_token("rt", now).use, store::RefreshUse::unknown);
  auto row = db->user(alice);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->sealed_tokens, "");
  EXPECT_EQ(row->tokens_version, 2);

  EXPECT_TRUE(db->pending("anonymous", now));
  EXPECT_TRUE(db->access_token("bob-at", now));
  EXPECT_EQ(db->browser_session("bob-cookie", now), bob);
  EXPECT_EQ(db->user(bob)->sealed_tokens, "sealed-b");
}

TEST_P(Tokens, DeleteExpiredCountsWhatWent) {
  const auto pending = [&](int lifetime) {
    return store::PendingAuthorization{"c1", "https://a/cb", "s", "ch", "r", "read", std::nullopt, later(lifetime)};
  };
  const auto code = [&](int lifetime) {
    return store::AuthorizationCode{store::Grant{"c1", alice, "r", "read"}, "https://a/cb", "ch", later(lifetime)};
  };
  // Expired at `later(100)`: one of each kind, plus a metadata document.
  db->put_code("code-old", code(100));
  db->put_code("code-new", code(101));
  db->put_pending("p-old", pending(50));
  db->put_pending("p-new", pending(200));
  db->put_access_token("at-old", token(alice, "c1", "f1", 10));
  db->put_access_token("at-new", token(alice, "c1", "f1", 1000));
  db->put_refresh_token("rt-old", token(alice, "c1", "f1", 100));
  db->put_refresh_token("rt-new", token(alice, "c1", "f1", 1000));
  db->put_browser_session("s-old", alice, later(1));
  db->put_browser_session("s-new", alice, later(101));
  db->put_client(store::Client{"https://old.example/c.json", "Old", {"https://old.example/cb"}, later(100), now});
  db->put_client(store::Client{"https://new.example/c.json", "New", {"https://new.example/cb"}, later(101), now});
  db->put_client(store::Client{"registered", "Registered", {"https://r.example/cb"}, std::nullopt, now});
  // Spent codes: remembered until their expiry, or longer when asked.
  db->put_code("spent-old", code(100));
  db->put_code("spent-new", code(50));
  ASSERT_TRUE(db->take_code("spent-old", now));
  auto none = [](const store::AuthorizationCode&) { return std::optional<store::Database::Rotation>(); };
  ASSERT_EQ(db->redeem_code("spent-new", now, std::chrono::seconds(51), none).use, store::CodeUse::fresh);

  EXPECT_EQ(db->delete_expired(later(100)), 7u);
  EXPECT_EQ(count("spent_codes"), 1u);
  EXPECT_EQ(db->redeem_code("spent-new", later(100), std::chrono::seconds(51), none).use, store::CodeUse::reused);
  EXPECT_FALSE(db->client("https://old.example/c.json"));
  EXPECT_TRUE(db->client("https://new.example/c.json"));
  EXPECT_TRUE(db->client("registered"));
  EXPECT_EQ(count("client_redirect_uris"), 2u);  // the old document's went with it
  EXPECT_TRUE(db->take_code("code-new", now));
  EXPECT_TRUE(db->pending("p-new", now));
  EXPECT_TRUE(db->access_token("at-new", now));
  EXPECT_EQ(db->browser_session("s-new", now), alice);
  EXPECT_EQ(db->take_refresh_token("rt-new", now).use, store::RefreshUse::fresh);
  EXPECT_EQ(db->delete_expired(later(100)), 0u);
}

}  // namespace
