// Clients, people, consents (and what the person saw), browser sessions,
// pending authorizations and codes: round trips, expiry, and single use that
// holds under a race, a code used twice revoking what it gave.

#include "backends.hpp"

#include <atomic>
#include <thread>

namespace {

using store_tests::later;
using store_tests::now;
using store_tests::StoreTest;

class Grants : public StoreTest {};
STORE_BACKENDS(Grants);

TEST_P(Grants, ClientsRoundTripWithRedirectUrisInOrder) {
  auto db = open();
  store::Client registered{"c1", "Claude", {"https://b.example/cb", "https://a.example/cb", "http://127.0.0.1/cb"},
                           std::nullopt, now};
  db->put_client(registered);
  auto got = db->client("c1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Claude");
  EXPECT_EQ(got->redirect_uris, registered.redirect_uris);
  EXPECT_FALSE(got->expires_at);
  EXPECT_EQ(got->created_at, now);

  // Replaced, e.g. a metadata document fetched again.
  store::Client document{"https://app.example/client.json", "App", {"https://app.example/cb"}, later(3600), now};
  db->put_client(document);
  document.name = "App 2";
  document.redirect_uris = {"https://app.example/cb2"};
  db->put_client(document);
  got = db->client("https://app.example/client.json");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "App 2");
  EXPECT_EQ(got->redirect_uris, std::vector<std::string>{"https://app.example/cb2"});
  EXPECT_EQ(got->expires_at, later(3600));

  db->put_client(store::Client{"none", "No URIs", {}, std::nullopt, now});
  ASSERT_TRUE(db->client("none"));
  EXPECT_TRUE(db->client("none")->redirect_uris.empty());
  EXPECT_FALSE(db->client("missing"));
}

TEST_P(Grants, SaveUserInsertsThenUpdatesAndCountsVersions) {
  auto db = open();
  const auto alice = db->save_user("alice-uuid", "", "sealed-1");
  EXPECT_GT(alice.id, 0);
  EXPECT_EQ(alice.trakt_id, "alice-uuid");
  EXPECT_EQ(alice.sealed_tokens, "sealed-1");
  EXPECT_EQ(alice.tokens_version, 1);
  const auto bob = db->save_user("bob-uuid", "", "sealed-b");
  EXPECT_NE(bob.id, alice.id);

  const auto again = db->save_user("alice-uuid", "Alice Ärger", "sealed-2");
  EXPECT_EQ(again.id, alice.id);
  EXPECT_EQ(again.sealed_tokens, "sealed-2");
  EXPECT_EQ(again.tokens_version, 2);

  const auto read = db->user(alice.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->trakt_id, "alice-uuid");
  EXPECT_EQ(read->name, "Alice Ärger");
  EXPECT_EQ(read->sealed_tokens, "sealed-2");
  EXPECT_EQ(read->tokens_version, 2);
  EXPECT_FALSE(db->user(alice.id + bob.id + 100));
}

TEST_P(Grants, ConsentCoversTheScopesGiven) {
  auto db = open();
  const auto u = db->save_user("alice", "", "s").id;
  EXPECT_FALSE(db->has_consent(u, "c1", "read", "fp"));
  db->put_consent(u, "c1", "read write", "fp");
  EXPECT_TRUE(db->has_consent(u, "c1", "read", "fp"));
  EXPECT_TRUE(db->has_consent(u, "c1", "write read", "fp"));
  EXPECT_FALSE(db->has_consent(u, "c1", "read admin", "fp"));
  EXPECT_FALSE(db->has_consent(u, "c2", "read", "fp"));
  db->put_consent(u, "c1", "read", "fp");  // replaced
  EXPECT_FALSE(db->has_consent(u, "c1", "write", "fp"));
}

// A consent counts only for the client as the person saw it.
TEST_P(Grants, ConsentHoldsOnlyWhileTheClientLooksTheSame) {
  auto db = open();
  const auto u = db->save_user("alice", "", "s").id;
  db->put_consent(u, "https://app.example/client.json", "read", "seen-1");
  EXPECT_TRUE(db->has_consent(u, "https://app.example/client.json", "read", "seen-1"));
  EXPECT_FALSE(db->has_consent(u, "https://app.example/client.json", "read", "seen-2"));
  EXPECT_FALSE(db->has_consent(u, "https://app.example/client.json", "read", ""));
  // Allowed again as it looks now: the new look counts, the old one no more.
  db->put_consent(u, "https://app.example/client.json", "read", "seen-2");
  EXPECT_TRUE(db->has_consent(u, "https://app.example/client.json", "read", "seen-2"));
  EXPECT_FALSE(db->has_consent(u, "https://app.example/client.json", "read", "seen-1"));
  // Never a match on nothing.
  db->put_consent(u, "c1", "read", "");
  EXPECT_FALSE(db->has_consent(u, "c1", "read", ""));
}

TEST_P(Grants, BrowserSessionsExpire) {
  auto db = open();
  const auto u = db->save_user("alice", "", "s").id;
  db->put_browser_session("cookie-hash", u, later(60));
  EXPECT_EQ(db->browser_session("cookie-hash", now), u);
  EXPECT_EQ(db->browser_session("cookie-hash", later(59)), u);
  EXPECT_FALSE(db->browser_session("cookie-hash", later(60)));
  EXPECT_FALSE(db->browser_session("other", now));
}

store::PendingAuthorization pending_for(std::optional<std::int64_t> user) {
  return store::PendingAuthorization{
      "c1", "https://a.example/cb", "st", "challenge", "https://mcp.example/mcp", "read", user, later(600), "seen"};
}

TEST_P(Grants, PendingIsReadableThenTakenOnce) {
  auto db = open();
  const auto u = db->save_user("alice", "", "s").id;
  db->put_pending("p1", pending_for(u));
  db->put_pending("p2", pending_for(std::nullopt));

  auto seen = db->pending("p1", now);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->client_id, "c1");
  EXPECT_EQ(seen->redirect_uri, "https://a.example/cb");
  EXPECT_EQ(seen->state, "st");
  EXPECT_EQ(seen->code_challenge, "challenge");
  EXPECT_EQ(seen->resource, "https://mcp.example/mcp");
  EXPECT_EQ(seen->scope, "read");
  EXPECT_EQ(seen->user_id, u);
  EXPECT_EQ(seen->expires_at, later(600));
  EXPECT_EQ(seen->client_fingerprint, "seen");
  EXPECT_TRUE(db->pending("p1", now));  // reading does not use it up

  auto taken = db->take_pending("p1", now);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->state, "st");
  EXPECT_EQ(taken->client_fingerprint, "seen");
  EXPECT_FALSE(db->take_pending("p1", now));
  EXPECT_FALSE(db->pending("p1", now));

  ASSERT_TRUE(db->pending("p2", now));
  EXPECT_FALSE(db->pending("p2", now)->user_id);
  EXPECT_FALSE(db->pending("p2", later(600)));
  EXPECT_FALSE(db->take_pending("p2", later(600)));
}

store::AuthorizationCode code_for(std::int64_t user, store::Time expires) {
  return store::AuthorizationCode{store::Grant{"c1", user, "https://mcp.example/mcp", "read"}, "https://a.example/cb",
                                  "challenge", expires};
}

TEST_P(Grants, CodesAreTakenOnceAndNotAfterExpiry) {
  auto db = open();
  const auto u = db->save_user("alice", "", "s").id;
  db->put_code("code", code_for(u, later(60)));
  db->put_code("old", code_for(u, later(60)));

  auto code = db->take_code("code", now);
  ASSERT_TRUE(code);
  EXPECT_EQ(code->grant.client_id, "c1");
  EXPECT_EQ(code->grant.user_id, u);
  EXPECT_EQ(code->grant.resource, "https://mcp.example/mcp");
  EXPECT_EQ(code->grant.scope, "read");
  EXPECT_EQ(code->redirect_uri, "https://a.example/cb");
  EXPECT_EQ(code->code_challenge, "challenge");
  EXPECT_EQ(code->expires_at, later(60));
  EXPECT_FALSE(db->take_code("code", now));

  EXPECT_FALSE(db->take_code("old", later(60)));
  EXPECT_FALSE(db->take_code("never", now));
}

store::IssuedToken token_for(std::int64_t user, std::string family) {
  return store::IssuedToken{store::Grant{"c1", user, "https://mcp.example/mcp", "read"}, std::move(family),
                            later(3600)};
}

// What the token endpoint makes of a fresh code: a pair in a new family.
auto issue_pair(std::int64_t user, std::string tag) {
  return [user, tag](const store::AuthorizationCode&) -> std::optional<store::Database::Rotation> {
    return store::Database::Rotation{"at-" + tag, token_for(user, "f-" + tag), "rt-" + tag,
                                     token_for(user, "f-" + tag)};
  };
}

const auto issue_nothing = [](const store::AuthorizationCode&) { return std::optional<store::Database::Rotation>(); };

TEST_P(Grants, ACodeUsedTwiceRevokesWhatItGave) {
  auto db = open();
  const auto u = db->save_user("alice", "", "s").id;
  db->put_access_token("other-at", token_for(u, "other"));
  db->put_code("code", code_for(u, later(60)));

  auto first = db->redeem_code("code", now, std::chrono::seconds(600), issue_pair(u, "1"));
  EXPECT_EQ(first.use, store::CodeUse::fresh);
  ASSERT_TRUE(first.code);
  EXPECT_EQ(first.code->grant.user_id, u);
  EXPECT_EQ(first.code->expires_at, later(60));
  ASSERT_TRUE(db->access_token("at-1", now));
  // The client refreshes: the rotated pair is in the same family.
  ASSERT_EQ(db->take_refresh_token("rt-1", now).use, store::RefreshUse::fresh);
  db->put_access_token("at-2", token_for(u, "f-1"));
  db->put_refresh_token("rt-2", token_for(u, "f-1"));

  // The code again (past its own expiry, within the time it is remembered).
  auto second = db->redeem_code("code", later(120), std::chrono::seconds(600), issue_pair(u, "x"));
  EXPECT_EQ(second.use, store::CodeUse::reused);
  EXPECT_FALSE(second.code);
  EXPECT_FALSE(db->access_token("at-1", now));
  EXPECT_FALSE(db->access_token("at-2", now));
  EXPECT_EQ(db->take_refresh_token("rt-2", now).use, store::RefreshUse::unknown);
  EXPECT_FALSE(db->access_token("at-x", now));  // nothing issued for the second use
  EXPECT_TRUE(db->access_token("other-at", now));  // another family of the person lives on

  // Remembered until 600 s past its expiry, then unknown.
  EXPECT_EQ(db->redeem_code("code", later(659), std::chrono::seconds(600), issue_nothing).use,
            store::CodeUse::reused);
  EXPECT_EQ(db->redeem_code("code", later(660), std::chrono::seconds(600), issue_nothing).use,
            store::CodeUse::unknown);
  EXPECT_EQ(db->redeem_code("never", now, std::chrono::seconds(600), issue_nothing).use, store::CodeUse::unknown);
}

TEST_P(Grants, ACodeSpentByAFailedCheckIsReusedButRevokesNothing) {
  auto db = open();
  const auto u = db->save_user("alice", "", "s").id;
  db->put_access_token("other-at", token_for(u, "other"));
  db->put_code("code", code_for(u, later(60)));
  EXPECT_EQ(db->redeem_code("code", now, std::chrono::seconds(600), issue_nothing).use, store::CodeUse::fresh);
  EXPECT_EQ(db->redeem_code("code", now, std::chrono::seconds(600), issue_pair(u, "1")).use, store::CodeUse::reused);
  EXPECT_FALSE(db->access_token("at-1", now));
  EXPECT_TRUE(db->access_token("other-at", now));
}

TEST_P(Grants, RedeemingStoresThePairWithTheSpendOrNothingAtAll) {
  auto db = open();
  const auto u = db->save_user("alice", "", "s").id;
  db->put_code("code", code_for(u, later(60)));
  // The store fails between the spend and the pair (here: the pair's own
  // insert collides): nothing happened, the code still works once.
  db->put_access_token("at-1", token_for(u, "someone-else"));
  EXPECT_THROW(db->redeem_code("code", now, std::chrono::seconds(600), issue_pair(u, "1")), store::Error);
  EXPECT_EQ(db->access_token("at-1", now)->family, "someone-else");
  ASSERT_TRUE(db->revoke_token("at-1"));
  EXPECT_EQ(db->redeem_code("code", now, std::chrono::seconds(600), issue_pair(u, "1")).use, store::CodeUse::fresh);
  EXPECT_EQ(db->access_token("at-1", now)->family, "f-1");
}

// The same code presented twice at once (a retry, or an attacker): exactly one
// of the two gets it, and the other revokes what it got, every time.
TEST_P(Grants, TwoThreadsRacingForOneCodeGetItOnceAndTheLoserRevokesIt) {
  auto db = open();
  const auto u = db->save_user("alice", "", "s").id;
  for (int round = 0; round < 50; ++round) {
    const std::string hash = "code-" + std::to_string(round);
    db->put_code(hash, code_for(u, later(60)));
    std::atomic<int> ready{0};
    std::atomic<int> fresh{0};
    std::atomic<int> reused{0};
    auto redeem = [&](std::string tag) {
      ++ready;
      while (ready < 2) std::this_thread::yield();
      const auto use = db->redeem_code(hash, now, std::chrono::seconds(600), issue_pair(u, tag)).use;
      if (use == store::CodeUse::fresh) ++fresh;
      if (use == store::CodeUse::reused) ++reused;
    };
    const std::string a_tag = std::to_string(round) + "a";
    const std::string b_tag = std::to_string(round) + "b";
    std::thread a(redeem, a_tag), b(redeem, b_tag);
    a.join();
    b.join();
    ASSERT_EQ(fresh, 1) << "round " << round;
    ASSERT_EQ(reused, 1) << "round " << round;
    ASSERT_FALSE(db->access_token("at-" + a_tag, now)) << "round " << round;
    ASSERT_FALSE(db->access_token("at-" + b_tag, now)) << "round " << round;
    ASSERT_EQ(db->take_refresh_token("rt-" + a_tag, now).use, store::RefreshUse::unknown) << "round " << round;
    ASSERT_EQ(db->take_refresh_token("rt-" + b_tag, now).use, store::RefreshUse::unknown) << "round " << round;
  }
}

}  // namespace
