// support/crypto: base64url, tokens, hashes, PKCE, the operator's secret key
// and sealing with it, plus an AES-256-GCM known-answer test.

#include "support/crypto.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

using support::SecretKey;
using support::SecretKeyError;

namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// 0xfb 0xff 0xbf repeated: '+' and '/' in base64, '-' and '_' in base64url.
constexpr std::string_view key_hex = "fbffbffbffbffbffbffbffbffbffbffbffbffbffbffbffbffbffbffbffbf0102";
constexpr std::string_view key_base64 = "+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/AQI=";
constexpr std::string_view key_base64url = "-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_AQI";

SecretKey test_key() { return SecretKey::parse(key_hex, "TEST_KEY"); }
SecretKey other_key() {
  return SecretKey::parse("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "TEST_KEY");
}

// Applies `change` to the decoded bytes of a sealed value and re-encodes them.
template <typename F>
std::string tamper(const std::string& sealed, F change) {
  auto raw = support::base64url_decode(std::string_view(sealed).substr(3));
  EXPECT_TRUE(raw);
  change(*raw);
  return "v1." + support::base64url_encode(*raw);
}

}  // namespace

TEST(Base64Url, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},           {"f", "Zg"},         {"fo", "Zm8"},
                                                         {"foo", "Zm9v"},    {"foob", "Zm9vYg"},  {"fooba", "Zm9vYmE"},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(support::base64url_encode(plain), encoded);
    EXPECT_EQ(support::base64url_decode(encoded), plain);
  }
  // Correct padding is tolerated.
  EXPECT_EQ(support::base64url_decode("Zg=="), "f");
  EXPECT_EQ(support::base64url_decode("Zm8="), "fo");
  EXPECT_EQ(support::base64url_decode("Zm9vYg=="), "foob");
}

TEST(Base64Url, UsesTheUrlAlphabet) {
  EXPECT_EQ(support::base64url_encode(std::string("\xfb\xff\xbf", 3)), "-_-_");
  EXPECT_EQ(support::base64url_decode("-_-_"), std::string("\xfb\xff\xbf", 3));
}

TEST(Base64Url, RoundTripsEveryLengthUpTo40) {
  std::mt19937 rng(12345);
  for (std::size_t len = 0; len <= 40; ++len)
    for (int round = 0; round < 20; ++round) {
      std::string bytes(len, '\0');
      for (auto& c : bytes) c = static_cast<char>(rng() & 0xFF);
      const std::string encoded = support::base64url_encode(bytes);
      EXPECT_EQ(encoded.size(), (len * 4 + 2) / 3);
      EXPECT_EQ(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                std::string::npos);
      EXPECT_EQ(support::base64url_decode(encoded), bytes) << "length " << len;
    }
}

TEST(Base64Url, RejectsWhatIsNotBase64Url) {
  for (const char* s : {"Zm9v+", "Zm9/", "Zm 9v", "Zm9v\n", "Z", "Zm9vY", "Zg=", "Zg===", "Z===", "=Zg=", "Zm=v",
                        "Zh", "Zm9", "Zm9vYh==", "====", "Zm8=Zm8=", "Zm9v."})
    EXPECT_FALSE(support::base64url_decode(s)) << '"' << s << '"';
  EXPECT_FALSE(support::base64url_decode(std::string("Zm\0v", 4)));
}

TEST(RandomToken, HasTheLengthAndDiffers) {
  EXPECT_EQ(support::random_token().size(), 43u);
  EXPECT_EQ(support::random_token(16).size(), 22u);
  EXPECT_EQ(support::random_token(0), "");
  EXPECT_EQ(support::base64url_decode(support::random_token(32))->size(), 32u);
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(support::random_token());
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Sha256, KnownAnswer) {
  EXPECT_EQ(support::sha256_base64url("abc"),
            support::base64url_encode(from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")));
  EXPECT_EQ(support::sha256_base64url("abc"), "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  EXPECT_EQ(support::sha256_base64url(""), "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
}

TEST(Pkce, Rfc7636AppendixB) {
  EXPECT_EQ(support::pkce_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  EXPECT_TRUE(support::constant_time_equal("", ""));
  EXPECT_TRUE(support::constant_time_equal("abc", "abc"));
  EXPECT_FALSE(support::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(support::constant_time_equal("abc", "ab"));
  EXPECT_FALSE(support::constant_time_equal("", "a"));
  EXPECT_FALSE(support::constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(SecretKey, ParsesHexBase64AndBase64UrlAlike) {
  const std::string sealed = test_key().seal("token", "ctx");
  const std::string upper_hex = [] {
    std::string s(key_hex);
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }();
  const std::string base64_unpadded(key_base64.substr(0, 43));
  for (std::string_view text : {key_hex, std::string_view(upper_hex), key_base64, std::string_view(base64_unpadded),
                                key_base64url, std::string_view("-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_AQI=")})
    EXPECT_EQ(SecretKey::parse(text, "TEST_KEY").open(sealed, "ctx"), "token") << text;
}

TEST(SecretKey, TrimsSurroundingWhitespace) {
  const std::string sealed = test_key().seal("token", "ctx");
  EXPECT_EQ(SecretKey::parse("  " + std::string(key_hex) + "\n", "TEST_KEY").open(sealed, "ctx"), "token");
  EXPECT_EQ(SecretKey::parse("\t" + std::string(key_base64) + " \r\n", "TEST_KEY").open(sealed, "ctx"), "token");
}

TEST(SecretKey, MissingSaysHowToMakeOne) {
  for (const char* s : {"", "   ", "\n\t"}) {
    try {
      SecretKey::parse(s, "TRAKT_MCP_SECRET_KEY");
      ADD_FAILURE() << "accepted \"" << s << '"';
    } catch (const SecretKeyError& e) {
      EXPECT_EQ(e.kind, SecretKeyError::Kind::missing);
      const std::string what = e.what();
      EXPECT_NE(what.find("TRAKT_MCP_SECRET_KEY"), std::string::npos) << what;
      EXPECT_NE(what.find("openssl rand -hex 32"), std::string::npos) << what;
    }
  }
}

// The message names the forms and the length, but never the text: it could
// be a real key with a typo, and the message ends up in logs.
TEST(SecretKey, MalformedNeverEchoesTheText) {
  const std::string hex33 = "9c4e1a7b3f0d8e2c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29180716253443526170ab";
  const std::string inputs[] = {
      hex33.substr(0, 62),                                                 // 31 bytes of hex
      hex33,                                                               // 33 bytes of hex
      "9c4e1a7b3f0d8e2c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2918071625344352617g",  // 64 characters, one not hex
      "Qk9uS2V5IGZvciB0ZXN0aW5nIG9ubHkgLSAzMSBieQ==",                      // base64 of 31 bytes (44 characters)
      "Qk9uS2V5IGZvciB0ZXN0aW5nIG9ubHkgLSAzNCBieXRlcw",                    // base64url, 34 bytes (46 characters)
      "Qk9uS2V5IGZvciB0ZXN0aW5nIG9ubHkgLSAzMyBieXRl",                      // base64 of 33 bytes (44 characters)
      "Qk9uS2V5IGZvciB0ZXN0aW5nIG9ubHkgLSAzMSBieX*",                       // 43 characters, one not base64
      "correct horse battery staple",
  };
  for (const std::string& text : inputs) {
    try {
      SecretKey::parse("  " + text + "\n", "TRAKT_MCP_SECRET_KEY");
      ADD_FAILURE() << "accepted " << text.size() << " characters";
    } catch (const SecretKeyError& e) {
      EXPECT_EQ(e.kind, SecretKeyError::Kind::malformed);
      const std::string what = e.what();
      EXPECT_NE(what.find("TRAKT_MCP_SECRET_KEY"), std::string::npos) << what;
      EXPECT_NE(what.find("64 hex digits"), std::string::npos) << what;
      EXPECT_NE(what.find("base64"), std::string::npos) << what;
      EXPECT_NE(what.find("openssl rand -hex 32"), std::string::npos) << what;
      EXPECT_NE(what.find(std::to_string(text.size())), std::string::npos) << what;
      for (std::size_t i = 0; i + 8 <= text.size(); ++i)
        EXPECT_EQ(what.find(text.substr(i, 8)), std::string::npos) << "echoes \"" << text.substr(i, 8) << '"';
    }
  }
}

TEST(Seal, RoundTripsIncludingEmptyAndLarge) {
  const SecretKey key = test_key();
  std::string large(10 * 1024, '\0');
  std::mt19937 rng(7);
  for (auto& c : large) c = static_cast<char>(rng() & 0xFF);
  for (const std::string& plain : {std::string(), std::string("trakt-access-token"), std::string("a\0b", 3), large}) {
    const std::string sealed = key.seal(plain, "user:42");
    EXPECT_TRUE(sealed.starts_with("v1."));
    // nonce (12) + ciphertext + tag (16)
    EXPECT_EQ(support::base64url_decode(std::string_view(sealed).substr(3))->size(), 12 + plain.size() + 16);
    EXPECT_EQ(key.open(sealed, "user:42"), plain);
  }
  const SecretKey copy = key;  // copies seal and open alike
  EXPECT_EQ(copy.open(key.seal("x", ""), ""), "x");
}

TEST(Seal, TwoSealsOfTheSameTextDiffer) {
  const SecretKey key = test_key();
  const std::string a = key.seal("same", "ctx"), b = key.seal("same", "ctx");
  EXPECT_NE(a, b);
  EXPECT_EQ(key.open(a, "ctx"), "same");
  EXPECT_EQ(key.open(b, "ctx"), "same");
}

TEST(Seal, WrongKeyOrContextDoesNotOpen) {
  const std::string sealed = test_key().seal("secret", "user:42");
  EXPECT_FALSE(other_key().open(sealed, "user:42"));
  EXPECT_FALSE(test_key().open(sealed, "user:43"));
  EXPECT_FALSE(test_key().open(sealed, ""));
  EXPECT_FALSE(test_key().open(test_key().seal("secret", ""), "user:42"));
}

TEST(Seal, EverySingleBitFlipIsDetected) {
  const SecretKey key = test_key();
  const std::string sealed = key.seal("secret token", "ctx");
  const std::size_t n = support::base64url_decode(std::string_view(sealed).substr(3))->size();
  for (std::size_t pos = 0; pos < n; ++pos)
    for (int bit = 0; bit < 8; ++bit) {
      const std::string bad = tamper(sealed, [&](std::string& raw) { raw[pos] = static_cast<char>(raw[pos] ^ (1 << bit)); });
      EXPECT_FALSE(key.open(bad, "ctx")) << "byte " << pos << " bit " << bit;
    }
}

TEST(Seal, MalformedSealedValuesDoNotOpen) {
  const SecretKey key = test_key();
  const std::string sealed = key.seal("secret", "ctx");
  // Truncated: by whole bytes (down to less than nonce + tag) and by characters.
  for (std::size_t cut = 1; cut <= 30; ++cut)
    EXPECT_FALSE(key.open(tamper(sealed, [&](std::string& raw) { raw.resize(raw.size() - cut); }), "ctx")) << cut;
  for (std::size_t len = 0; len < sealed.size(); ++len) EXPECT_FALSE(key.open(sealed.substr(0, len), "ctx")) << len;
  // Extended.
  EXPECT_FALSE(key.open(tamper(sealed, [](std::string& raw) { raw.push_back('\0'); }), "ctx"));
  // Wrong or missing prefix, or not base64url after it.
  EXPECT_FALSE(key.open("v2." + sealed.substr(3), "ctx"));
  EXPECT_FALSE(key.open("V1." + sealed.substr(3), "ctx"));
  EXPECT_FALSE(key.open(sealed.substr(3), "ctx"));
  EXPECT_FALSE(key.open("v1." + sealed, "ctx"));
  EXPECT_FALSE(key.open(sealed + "*", "ctx"));
  EXPECT_FALSE(key.open(sealed + "=", "ctx"));
  EXPECT_FALSE(key.open("", "ctx"));
  EXPECT_FALSE(key.open("v1.", "ctx"));
  EXPECT_FALSE(key.open("garbage", "ctx"));
}

// NIST GCM spec (McGrew & Viega), test case 16: AES-256, 96-bit IV, with AAD.
TEST(Aes256Gcm, NistTestCase16) {
  std::array<unsigned char, 32> key;
  const std::string key_bytes = from_hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  std::copy(key_bytes.begin(), key_bytes.end(), key.begin());
  const std::string iv = from_hex("cafebabefacedbaddecaf888");
  const std::string aad = from_hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const std::string plain = from_hex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657"
      "ba637b39");
  const std::string expected =
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a"
      "0abcc9f662"
      "76fc6ece0f4e1768cddf8853bb2d551b";
  const std::string sealed = support::detail::aes256gcm_encrypt(key, iv, plain, aad);
  EXPECT_EQ(to_hex(sealed), expected);
  EXPECT_EQ(support::detail::aes256gcm_decrypt(key, iv, sealed, aad), plain);

  std::string bad_tag = sealed;
  bad_tag.back() = static_cast<char>(bad_tag.back() ^ 1);
  EXPECT_FALSE(support::detail::aes256gcm_decrypt(key, iv, bad_tag, aad));
  EXPECT_FALSE(support::detail::aes256gcm_decrypt(key, iv, sealed, aad.substr(1)));
  EXPECT_FALSE(support::detail::aes256gcm_decrypt(key, iv.substr(1), sealed, aad));
  EXPECT_FALSE(support::detail::aes256gcm_decrypt(key, iv, sealed.substr(0, 15), aad));
  EXPECT_THROW(support::detail::aes256gcm_encrypt(key, iv.substr(1), plain, aad), std::invalid_argument);
}

// NIST GCM spec test case 13: AES-256, zero key and IV, empty plaintext and AAD.
TEST(Aes256Gcm, NistTestCase13EmptyInput) {
  const std::array<unsigned char, 32> key{};
  const std::string iv(12, '\0');
  const std::string sealed = support::detail::aes256gcm_encrypt(key, iv, "", "");
  EXPECT_EQ(to_hex(sealed), "530f8afbc74536b9a963b4f1c4cb738b");
  EXPECT_EQ(support::detail::aes256gcm_decrypt(key, iv, sealed, ""), "");
}
