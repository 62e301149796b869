#pragma once
// ASCII text helpers for protocol text (header names, media types, URL
// schemes, cache directives): case folding, trimming of blanks, padded numbers.

#include <algorithm>
#include <string>
#include <string_view>

namespace support {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = ascii_lower(c);
  return out;
}

inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// `value` in decimal, zero-padded to at least `width` characters, a minus
// sign included ("07", "2026", "-1"): what snprintf's %0Nd does, without its
// cost in lines built by the thousand.
inline void append_padded(std::string& out, long long value, int width) {
  if (value < 0) {
    out += '-';
    value = -value;
    --width;
  }
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && n < 20);
  for (int i = n; i < width; ++i) out += '0';
  while (n > 0) out += digits[--n];
}

// Without leading and trailing spaces and tabs.
inline std::string_view trim_blanks(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

}  // namespace support
