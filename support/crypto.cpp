// See crypto.hpp.

#include "support/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <cstdint>
#include <memory>

namespace support {

namespace {

constexpr std::string_view url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view std_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;
constexpr std::string_view sealed_prefix = "v1.";

int sextet(char c, std::string_view alphabet) {
  const auto pos = alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Base64 in the given alphabet: unpadded, or with exactly the padding the
// length calls for. Bits left over in the last character must be zero, so
// each byte string has one spelling (a sealed value cannot be respelt).
std::optional<std::string> decode(std::string_view text, std::string_view alphabet) {
  if (text.size() % 4 == 0 && !text.empty()) {
    std::size_t pad = 0;
    while (pad < 2 && text[text.size() - 1 - pad] == '=') ++pad;
    text.remove_suffix(pad);
  }
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = sextet(c, alphabet);
    if (v < 0) return std::nullopt;  // also catches '=' anywhere but the end
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

void fill_random(unsigned char* out, std::size_t n) {
  if (n == 0) return;
  if (n > static_cast<std::size_t>(INT_MAX) || RAND_bytes(out, static_cast<int>(n)) != 1)
    // Without randomness no token or nonce is safe: stop rather than go on.
    throw std::runtime_error("the system random number generator failed (RAND_bytes)");
}

std::string sha256(std::string_view text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed (EVP_Digest)");
  return std::string(reinterpret_cast<const char*>(md), len);
}

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

void wipe(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view space = " \t\r\n\v\f";
  const auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

std::optional<std::string> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) {
      wipe(out);
      return std::nullopt;
    }
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

}  // namespace

std::string base64url_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(in[k])); };
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    for (int shift : {18, 12, 6, 0}) out.push_back(url_alphabet[(v >> shift) & 63]);
  }
  if (in.size() - i == 1) {
    const std::uint32_t v = at(i) << 16;
    for (int shift : {18, 12}) out.push_back(url_alphabet[(v >> shift) & 63]);
  } else if (in.size() - i == 2) {
    const std::uint32_t v = at(i) << 16 | at(i + 1) << 8;
    for (int shift : {18, 12, 6}) out.push_back(url_alphabet[(v >> shift) & 63]);
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) { return decode(text, url_alphabet); }

std::string random_token(std::size_t n) {
  std::string raw(n, '\0');
  fill_random(bytes(raw), n);
  return base64url_encode(raw);
}

std::string base64_encode(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string sha256_base64url(std::string_view text) { return base64url_encode(sha256(text)); }

std::string pkce_s256(std::string_view verifier) { return sha256_base64url(verifier); }

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    // Still touch every byte, so the time says nothing about the content.
    (void)CRYPTO_memcmp(a.data(), a.data(), a.size());
    return false;
  }
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SecretKey SecretKey::parse(std::string_view text, std::string_view variable) {
  const std::string name(variable);
  const std::string_view t = trim(text);
  if (t.empty())
    throw SecretKeyError(SecretKeyError::Kind::missing,
                         name + " is not set: hosted mode seals Trakt tokens with it. Make one with "
                                "`openssl rand -hex 32` and keep it secret; every instance needs the same key.");
  std::optional<std::string> raw;
  if (t.size() == 64)
    raw = hex_decode(t);
  else if (t.size() == 43 || t.size() == 44) {
    raw = decode(t, std_alphabet);
    if (!raw) raw = decode(t, url_alphabet);
  }
  if (!raw || raw->size() != 32) {
    if (raw) wipe(*raw);
    // Never repeat the text: it may be a real key with a typo, and this lands in logs.
    throw SecretKeyError(SecretKeyError::Kind::malformed,
                         name + " is not a usable key: expected 32 bytes written as 64 hex digits or as base64 "
                                "(43 or 44 characters), but it has " +
                             std::to_string(t.size()) +
                             " characters. Make one with `openssl rand -hex 32`; every instance needs the same key.");
  }
  std::array<unsigned char, 32> key;
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<unsigned char>((*raw)[i]);
  wipe(*raw);
  SecretKey result(key);
  OPENSSL_cleanse(key.data(), key.size());
  return result;
}

SecretKey::~SecretKey() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::string SecretKey::seal(std::string_view plaintext, std::string_view context) const {
  std::string nonce(nonce_size, '\0');
  fill_random(bytes(nonce), nonce.size());
  return std::string(sealed_prefix) + base64url_encode(nonce + detail::aes256gcm_encrypt(key_, nonce, plaintext, context));
}

std::optional<std::string> SecretKey::open(std::string_view sealed, std::string_view context) const {
  if (!sealed.starts_with(sealed_prefix)) return std::nullopt;
  const auto raw = base64url_decode(sealed.substr(sealed_prefix.size()));
  if (!raw || raw->size() < nonce_size + tag_size) return std::nullopt;
  const std::string_view all(*raw);
  return detail::aes256gcm_decrypt(key_, all.substr(0, nonce_size), all.substr(nonce_size), context);
}

namespace detail {

std::string aes256gcm_encrypt(const std::array<unsigned char, 32>& key, std::string_view nonce,
                              std::string_view plaintext, std::string_view aad) {
  if (nonce.size() != nonce_size) throw std::invalid_argument("AES-256-GCM nonce must be 12 bytes");
  if (plaintext.size() > static_cast<std::size_t>(INT_MAX) - tag_size || aad.size() > static_cast<std::size_t>(INT_MAX))
    throw std::length_error("AES-256-GCM input too large");
  const auto fail = [] { return std::runtime_error("AES-256-GCM encryption failed (OpenSSL EVP)"); };
  Ctx ctx(EVP_CIPHER_CTX_new());
  // 12 bytes is GCM's default IV length, so no EVP_CTRL_GCM_SET_IVLEN.
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(nonce)) != 1) throw fail();
  int len = 0;
  if (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1)
    throw fail();
  std::string out(plaintext.size() + tag_size, '\0');
  int written = 0;
  if (!plaintext.empty()) {
    if (EVP_EncryptUpdate(ctx.get(), bytes(out), &len, bytes(plaintext), static_cast<int>(plaintext.size())) != 1)
      throw fail();
    written = len;
  }
  if (EVP_EncryptFinal_ex(ctx.get(), bytes(out) + written, &len) != 1) throw fail();
  written += len;
  if (static_cast<std::size_t>(written) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_size), bytes(out) + written) != 1)
    throw fail();
  return out;
}

std::optional<std::string> aes256gcm_decrypt(const std::array<unsigned char, 32>& key, std::string_view nonce,
                                             std::string_view ciphertext_and_tag, std::string_view aad) {
  if (nonce.size() != nonce_size || ciphertext_and_tag.size() < tag_size ||
      ciphertext_and_tag.size() > static_cast<std::size_t>(INT_MAX) || aad.size() > static_cast<std::size_t>(INT_MAX))
    return std::nullopt;
  const std::string_view ciphertext = ciphertext_and_tag.substr(0, ciphertext_and_tag.size() - tag_size);
  std::array<unsigned char, tag_size> tag;  // SET_TAG wants a mutable pointer
  for (std::size_t i = 0; i < tag_size; ++i) tag[i] = bytes(ciphertext_and_tag)[ciphertext.size() + i];
  Ctx ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(nonce)) != 1)
    return std::nullopt;
  int len = 0;
  if (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1)
    return std::nullopt;
  std::string out(ciphertext.size(), '\0');
  int written = 0;
  if (!ciphertext.empty()) {
    if (EVP_DecryptUpdate(ctx.get(), bytes(out), &len, bytes(ciphertext), static_cast<int>(ciphertext.size())) != 1) {
      wipe(out);
      return std::nullopt;
    }
    written = len;
  }
  // GCM hands out plaintext before the tag is checked: wipe it if the check fails.
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size), tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), bytes(out) + written, &len) != 1) {
    wipe(out);
    return std::nullopt;
  }
  return out;
}

}  // namespace detail

}  // namespace support
