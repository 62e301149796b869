#pragma once
// The few cryptographic pieces hosted mode needs, on OpenSSL: random tokens,
// hashes of tokens for storage, PKCE, and sealing secrets at rest with
// AES-256-GCM under a key given by the operator.

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace support {

std::string base64url_encode(std::string_view bytes);  // no padding
std::string base64_encode(std::string_view bytes);     // RFC 4648 section 4, padded (MCP blobs)
std::optional<std::string> base64url_decode(std::string_view text);  // nullopt when not base64url

// `bytes` random bytes (RAND_bytes), base64url: 32 gives 43 characters.
std::string random_token(std::size_t bytes = 32);
// SHA-256 of the text, base64url: what the store keeps instead of a token.
std::string sha256_base64url(std::string_view text);
// RFC 7636 S256: base64url(SHA-256(verifier)).
std::string pkce_s256(std::string_view verifier);
// Equal in time that depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

struct SecretKeyError : std::runtime_error {
  enum class Kind { missing, malformed };
  SecretKeyError(Kind kind, const std::string& message) : std::runtime_error(message), kind(kind) {}
  Kind kind;
};

class SecretKey {
public:
  // 32 bytes as 64 hex digits or as base64/base64url (43 or 44 characters).
  // `variable` names where it came from in the message (e.g.
  // "TRAKT_MCP_SECRET_KEY"), which says how to make one and never repeats the
  // text given.
  static SecretKey parse(std::string_view text, std::string_view variable);

  // "v1." + base64url(nonce || ciphertext || tag); `context` is bound as
  // associated data, so a sealed value moved to another row does not open.
  std::string seal(std::string_view plaintext, std::string_view context) const;
  // nullopt when tampered with, sealed under another key or context, or not ours.
  std::optional<std::string> open(std::string_view sealed, std::string_view context) const;

  // The key bytes are wiped (OPENSSL_cleanse) when a copy goes away.
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  ~SecretKey();

private:
  explicit SecretKey(const std::array<unsigned char, 32>& key) : key_(key) {}
  std::array<unsigned char, 32> key_;
};

namespace detail {
// Raw AES-256-GCM with a caller-chosen 12-byte nonce, exposed so known-answer
// vectors can be tested; everything else goes through SecretKey, which picks
// a fresh random nonce per seal. The output (and decrypt's input) is
// ciphertext || 16-byte tag. encrypt throws std::invalid_argument on a nonce
// that is not 12 bytes; decrypt returns nullopt on any mismatch.
std::string aes256gcm_encrypt(const std::array<unsigned char, 32>& key, std::string_view nonce,
                              std::string_view plaintext, std::string_view aad);
std::optional<std::string> aes256gcm_decrypt(const std::array<unsigned char, 32>& key, std::string_view nonce,
                                             std::string_view ciphertext_and_tag, std::string_view aad);
}  // namespace detail

}  // namespace support
