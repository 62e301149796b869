// Tokens: Trakt's token response mapping, and the token file (0600, atomic
// replace, clear failures that say to run `trakt-mcp login`).

#include "trakt/test_support.hpp"
#include "trakt/token_store.hpp"
#include "trakt/tokens.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using trakt::FailureKind;
using trakt::TokenFile;
using trakt::Tokens;
using trakt_test::mode_of;
using trakt_test::TempDir;
using trakt_test::Umask;

// The token response of the API blueprint (POST /oauth/token).
constexpr const char* trakt_token_response = R"({
  "access_token": "dbaf9757982a9e738f05d249b7b5b4a266b3a139049317c4909f2f263572c781",
  "token_type": "bearer",
  "expires_in": 86400,
  "refresh_token": "76ba4c5c75c96f6087f58a4de10be6c00b29ea1ddc3b2022ee2016d1363e3a7c",
  "scope": "public",
  "created_at": 1487889741
})";

Tokens sample_tokens() {
  Tokens t;
  t.access_token = "access-1";
  t.refresh_token = "refresh-1";
  t.token_type = "bearer";
  t.scope = "public";
  t.created_at = 1'700'000'000;
  t.expires_in = 7 * 86400;
  return t;
}

void expect_equal(const Tokens& a, const Tokens& b) {
  EXPECT_EQ(a.access_token, b.access_token);
  EXPECT_EQ(a.refresh_token, b.refresh_token);
  EXPECT_EQ(a.token_type, b.token_type);
  EXPECT_EQ(a.scope, b.scope);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.expires_in, b.expires_in);
}

// --- tokens_from_json ----------------------------------------------------------

TEST(TokensFromJson, AcceptsTraktTokenResponse) {
  auto t = trakt::tokens_from_json(json::parse(trakt_token_response));
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->access_token, "dbaf9757982a9e738f05d249b7b5b4a266b3a139049317c4909f2f263572c781");
  EXPECT_EQ(t->refresh_token, "76ba4c5c75c96f6087f58a4de10be6c00b29ea1ddc3b2022ee2016d1363e3a7c");
  EXPECT_EQ(t->token_type, "bearer");
  EXPECT_EQ(t->scope, "public");
  EXPECT_EQ(t->expires_in, 86400);
  EXPECT_EQ(t->created_at, 1487889741);
  EXPECT_EQ(t->expires_at(), 1487889741 + 86400);
}

TEST(TokensFromJson, IgnoresUnknownFieldsAndToleratesNullOptionals) {
  auto v = json::parse(trakt_token_response);
  v.as_object()["id_token"] = "whatever";
  v.as_object()["scope"] = nullptr;
  v.as_object().erase("token_type");
  auto t = trakt::tokens_from_json(v);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->scope, "public");
  EXPECT_EQ(t->token_type, "bearer");
}

struct BadField {
  const char* field;
  json::value replacement;  // null-kind value with `erase` means: remove the field
  bool erase;
};

void PrintTo(const BadField& b, std::ostream* os) {
  *os << b.field << (b.erase ? " missing" : " = " + json::serialize(b.replacement));
}

class TokensFromJsonBadField : public ::testing::TestWithParam<BadField> {};

TEST_P(TokensFromJsonBadField, NamesTheField) {
  const auto& p = GetParam();
  auto v = json::parse(trakt_token_response);
  if (p.erase)
    v.as_object().erase(p.field);
  else
    v.as_object()[p.field] = p.replacement;
  auto t = trakt::tokens_from_json(v);
  ASSERT_FALSE(t) << "accepted a token response with a bad " << p.field << ": " << json::serialize(v);
  EXPECT_NE(t.error().message.find(p.field), std::string::npos) << t.error().message;
  EXPECT_EQ(t.error().kind, FailureKind::bad_response);
}

INSTANTIATE_TEST_SUITE_P(
    MissingOrWrong, TokensFromJsonBadField,
    ::testing::Values(BadField{"access_token", nullptr, true}, BadField{"access_token", 42, false},
                      BadField{"access_token", "", false}, BadField{"access_token", nullptr, false},
                      BadField{"refresh_token", nullptr, true}, BadField{"refresh_token", json::array{}, false},
                      BadField{"refresh_token", "", false}, BadField{"expires_in", nullptr, true},
                      BadField{"expires_in", "86400", false}, BadField{"expires_in", nullptr, false},
                      BadField{"created_at", nullptr, true}, BadField{"created_at", "yesterday", false},
                      BadField{"created_at", 1.5, false}));

TEST(TokensFromJson, RejectsNonObjects) {
  for (const char* text : {"[]", "null", "\"token\"", "42"}) {
    auto t = trakt::tokens_from_json(json::parse(text));
    EXPECT_FALSE(t) << text;
  }
}

TEST(TokensFromJson, ValueFromRoundTrip) {
  const Tokens t = sample_tokens();
  json::value v = json::value_from(t);
  ASSERT_TRUE(v.is_object());
  // Trakt's own field names, so a user can paste a token response in.
  for (const char* key : {"access_token", "refresh_token", "token_type", "scope", "created_at", "expires_in"})
    EXPECT_TRUE(v.as_object().contains(key)) << key;
  auto back = trakt::tokens_from_json(json::parse(json::serialize(v)));
  ASSERT_TRUE(back) << back.error().message;
  expect_equal(*back, t);
}

// --- TokenFile -----------------------------------------------------------------

TEST(TokenFile, LoadOfMissingFileIsNullopt) {
  TempDir dir;
  TokenFile f(dir / "tokens.json");
  auto r = f.load();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->has_value());
}

TEST(TokenFile, LoadOfMissingFolderIsNullopt) {
  TempDir dir;
  TokenFile f(dir / "no" / "such" / "tokens.json");
  auto r = f.load();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->has_value());
}

TEST(TokenFile, SaveThenLoadGivesTheSameTokens) {
  TempDir dir;
  TokenFile f(dir / "tokens.json");
  ASSERT_TRUE(f.save(sample_tokens()));
  auto r = f.load();
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->has_value());
  expect_equal(**r, sample_tokens());

  // The file holds Trakt's token response shape.
  auto v = json::parse(trakt_test::read_text(f.path()));
  EXPECT_EQ(v.at("refresh_token").as_string(), "refresh-1");
}

TEST(TokenFile, SaveReplacesAnExistingFile) {
  TempDir dir;
  TokenFile f(dir / "tokens.json");
  ASSERT_TRUE(f.save(sample_tokens()));
  Tokens t2 = sample_tokens();
  t2.access_token = "access-2";
  t2.refresh_token = "refresh-2";
  ASSERT_TRUE(f.save(t2));
  auto r = f.load();
  ASSERT_TRUE(r && r->has_value());
  expect_equal(**r, t2);
}

TEST(TokenFile, LoadsAPastedTraktTokenResponse) {
  TempDir dir;
  trakt_test::write_text(dir / "tokens.json", trakt_token_response);
  auto r = TokenFile(dir / "tokens.json").load();
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->expires_in, 86400);
}

TEST(TokenFile, ModeIsExactly0600EvenWithUmaskZero) {
  TempDir dir;
  Umask um(0);
  TokenFile f(dir / "tokens.json");
  ASSERT_TRUE(f.save(sample_tokens()));
  EXPECT_EQ(mode_of(f.path()), 0600u);
}

TEST(TokenFile, ModeIsExactly0600WhenReplacingAMoreOpenFile) {
  TempDir dir;
  trakt_test::write_text(dir / "tokens.json", trakt_token_response);
  ::chmod((dir / "tokens.json").c_str(), 0666);
  Umask um(0);
  TokenFile f(dir / "tokens.json");
  ASSERT_TRUE(f.save(sample_tokens()));
  EXPECT_EQ(mode_of(f.path()), 0600u);
}

TEST(TokenFile, CreatesItsFolderWithMode0700) {
  TempDir dir;
  Umask um(0);
  TokenFile f(dir / "config" / "trakt-mcp" / "tokens.json");
  ASSERT_TRUE(f.save(sample_tokens()));
  EXPECT_EQ(mode_of(dir / "config" / "trakt-mcp"), 0700u);
  EXPECT_EQ(mode_of(f.path()), 0600u);
}

TEST(TokenFile, SaveLeavesNoTemporaryFilesBehind) {
  TempDir dir;
  TokenFile f(dir / "tokens.json");
  ASSERT_TRUE(f.save(sample_tokens()));
  ASSERT_TRUE(f.save(sample_tokens()));
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  ASSERT_EQ(names.size(), 1u) << "left in the folder: " << ::testing::PrintToString(names);
  EXPECT_EQ(names[0], "tokens.json");
}

TEST(TokenFile, SaveIntoAReadOnlyFolderFailsWithTheFileName) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
  TempDir dir;
  ::chmod(dir.path().c_str(), 0500);
  TokenFile f(dir / "tokens.json");
  auto r = f.save(sample_tokens());
  ::chmod(dir.path().c_str(), 0700);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::storage);
  EXPECT_NE(r.error().message.find(f.path().string()), std::string::npos) << r.error().message;
}

TEST(TokenFile, RemoveDeletesAndToleratesAbsence) {
  TempDir dir;
  TokenFile f(dir / "tokens.json");
  ASSERT_TRUE(f.save(sample_tokens()));
  ASSERT_TRUE(f.remove());
  EXPECT_FALSE(fs::exists(f.path()));
  EXPECT_TRUE(f.remove());
}

// An unusable file: a failure naming the file and saying what to do.
struct BadFile {
  const char* name;
  const char* content;  // nullptr: a directory at the path
};

class TokenFileUnusable : public ::testing::TestWithParam<BadFile> {};

TEST_P(TokenFileUnusable, FailsNamingTheFileAndTheLoginCommand) {
  TempDir dir;
  const fs::path path = dir / "tokens.json";
  if (GetParam().content)
    trakt_test::write_text(path, GetParam().content);
  else
    fs::create_directory(path);
  auto r = TokenFile(path).load();
  ASSERT_FALSE(r) << GetParam().name << " was accepted";
  EXPECT_NE(r.error().message.find(path.string()), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("trakt-mcp login"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("null"), std::string::npos) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TokenFileUnusable,
    ::testing::Values(BadFile{"corrupt_json", "{\"access_token\": \"abc\", "},
                      BadFile{"empty_file", ""},
                      BadFile{"directory", nullptr},
                      BadFile{"missing_refresh_token",
                              R"({"access_token":"a","expires_in":86400,"created_at":1487889741})"},
                      BadFile{"null_refresh_token",
                              R"({"access_token":"a","refresh_token":null,"expires_in":86400,"created_at":1})"},
                      BadFile{"json_array", "[]"}),
    [](const auto& info) { return std::string(info.param.name); });

// --- config_dir ----------------------------------------------------------------

TEST(ConfigDir, TraktMcpHomeWins) {
  trakt_test::ScopedEnv a("TRAKT_MCP_HOME", "/x/home-override");
  trakt_test::ScopedEnv b("XDG_CONFIG_HOME", "/x/xdg");
  trakt_test::ScopedEnv c("HOME", "/x/user");
  EXPECT_EQ(trakt::config_dir(), fs::path("/x/home-override"));
  EXPECT_EQ(TokenFile::default_location().path(), fs::path("/x/home-override/tokens.json"));
}

TEST(ConfigDir, XdgConfigHomeNext) {
  trakt_test::ScopedEnv a("TRAKT_MCP_HOME", std::nullopt);
  trakt_test::ScopedEnv b("XDG_CONFIG_HOME", "/x/xdg");
  trakt_test::ScopedEnv c("HOME", "/x/user");
  EXPECT_EQ(trakt::config_dir(), fs::path("/x/xdg/trakt-mcp"));
}

TEST(ConfigDir, EmptyValuesAreIgnored) {
  trakt_test::ScopedEnv a("TRAKT_MCP_HOME", "");
  trakt_test::ScopedEnv b("XDG_CONFIG_HOME", "");
  trakt_test::ScopedEnv c("HOME", "/x/user");
  EXPECT_EQ(trakt::config_dir(), fs::path("/x/user/.config/trakt-mcp"));
}

TEST(ConfigDir, HomeDotConfigLast) {
  trakt_test::ScopedEnv a("TRAKT_MCP_HOME", std::nullopt);
  trakt_test::ScopedEnv b("XDG_CONFIG_HOME", std::nullopt);
  trakt_test::ScopedEnv c("HOME", "/x/user");
  EXPECT_EQ(trakt::config_dir(), fs::path("/x/user/.config/trakt-mcp"));
  EXPECT_EQ(TokenFile::default_location().path(), fs::path("/x/user/.config/trakt-mcp/tokens.json"));
}

// Which token store: the rules of both platforms, as a pure function.
TEST(TokenStoreChoice, LinuxUsesTheFileUnlessTheKeychainIsAskedFor) {
  using enum trakt::TokenStoreKind;
  constexpr auto linux_like = support::Platform::linux_like;
  for (bool file_exists : {false, true}) {
    EXPECT_EQ(trakt::choose_token_store(std::nullopt, linux_like, file_exists).value(), file);
    EXPECT_EQ(trakt::choose_token_store("", linux_like, file_exists).value(), file);
    EXPECT_EQ(trakt::choose_token_store("file", linux_like, file_exists).value(), file);
    EXPECT_EQ(trakt::choose_token_store("keychain", linux_like, file_exists).value(), keychain);
  }
}

TEST(TokenStoreChoice, MacosUsesTheKeychainUnlessATokenFileIsThereOrTheFileIsAskedFor) {
  using enum trakt::TokenStoreKind;
  constexpr auto macos = support::Platform::macos;
  EXPECT_EQ(trakt::choose_token_store(std::nullopt, macos, false).value(), keychain);
  EXPECT_EQ(trakt::choose_token_store("", macos, false).value(), keychain);
  // A login kept in our file before the keychain became the default stays there.
  EXPECT_EQ(trakt::choose_token_store(std::nullopt, macos, true).value(), file);
  for (bool file_exists : {false, true}) {
    EXPECT_EQ(trakt::choose_token_store("file", macos, file_exists).value(), file);
    EXPECT_EQ(trakt::choose_token_store("keychain", macos, file_exists).value(), keychain);
  }
}

TEST(TokenStoreChoice, AnyOtherValueIsAConfigFailureOnEveryPlatform) {
  for (auto platform : {support::Platform::linux_like, support::Platform::macos}) {
    auto r = trakt::choose_token_store("Keychain", platform, false);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, FailureKind::config);
    EXPECT_NE(r.error().message.find("TRAKT_TOKEN_STORE must be \"file\" or \"keychain\" (got \"Keychain\")"),
              std::string::npos);
  }
}

}  // namespace
