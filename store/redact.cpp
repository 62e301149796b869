// Database::redact: the password in "scheme://user:password@host/..." and in
// any "password=" parameter (a URL's query, or libpq's "key=value" form)
// becomes "***". Everything else is kept, so the message still says where.

#include "store/store.hpp"

#include <cctype>

namespace store {

namespace {

constexpr std::string_view hidden = "***";

// userinfo ":password" in the authority, up to the last '@' before the path.
std::string redact_userinfo(std::string url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto authority = scheme_end + 3;
  const auto authority_end = url.find_first_of("/?#", authority);
  const auto at = url.rfind('@', authority_end == std::string::npos ? std::string::npos : authority_end - 1);
  if (at == std::string::npos || at < authority) return url;
  const auto colon = url.find(':', authority);
  if (colon == std::string::npos || colon > at) return url;
  url.replace(colon + 1, at - colon - 1, hidden);
  return url;
}

bool key_start(const std::string& s, std::size_t i) {
  if (i == 0) return true;
  const char before = s[i - 1];
  return before == '?' || before == '&' || std::isspace(static_cast<unsigned char>(before));
}

// "password=VALUE": the value runs to '&', '#' or white space, or is quoted
// ('...' with \' inside, libpq's keyword form).
std::string redact_password_parameters(std::string s) {
  constexpr std::string_view key = "password";
  for (std::size_t from = 0;;) {
    auto i = s.find(key, from);
    if (i == std::string::npos) return s;
    std::size_t v = i + key.size();
    while (v < s.size() && s[v] == ' ') ++v;
    if (!key_start(s, i) || v >= s.size() || s[v] != '=') {
      from = i + 1;
      continue;
    }
    ++v;
    while (v < s.size() && s[v] == ' ' && s.find("://") == std::string::npos) ++v;
    std::size_t end = v;
    if (end < s.size() && s[end] == '\'') {
      for (++end; end < s.size() && s[end] != '\''; ++end)
        if (s[end] == '\\') ++end;
      end = std::min(end + 1, s.size());
    } else {
      while (end < s.size() && s[end] != '&' && s[end] != '#' && !std::isspace(static_cast<unsigned char>(s[end])))
        ++end;
    }
    s.replace(v, end - v, hidden);
    from = v + hidden.size();
  }
}

}  // namespace

std::string Database::redact(std::string_view url) {
  return redact_password_parameters(redact_userinfo(std::string(url)));
}

}  // namespace store
