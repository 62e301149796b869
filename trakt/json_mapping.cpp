#include "trakt/json_mapping.hpp"

namespace trakt::mapping {

namespace {

// Calls `space()` for every character that must not reach a line and
// `keep(c)` for every other byte.
template <class Space, class Keep>
void scan(std::string_view s, Space space, Keep keep) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto next = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
    if (c < 0x20 || c == 0x7f) {
      space();
    } else if (c == 0xc2 && next(1) >= 0x80 && next(1) <= 0x9f) {
      space();
      i += 1;
    } else if (c == 0xe2 && next(1) == 0x80 && (next(2) == 0xa8 || next(2) == 0xa9)) {
      space();
      i += 2;
    } else {
      keep(char(c));
    }
  }
}

}  // namespace

std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  scan(s, [&] { out.push_back(' '); }, [&](char c) { out.push_back(c); });
  return out;
}

std::string one_line_collapsed(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto space = [&] {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  };
  scan(s, space, [&](char c) {
    if (c == ' ')
      space();
    else
      out.push_back(c);
  });
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace trakt::mapping
