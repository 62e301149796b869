// See connection.hpp.

#include "store/connection.hpp"

namespace store {

std::string describe_statement(std::string_view sql) {
  constexpr std::size_t max_length = 60;
  std::string out;
  for (char ch : sql) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;  // the SQL's own line breaks and indentation
    out += space ? ' ' : ch;
    if (out.size() >= max_length) return out + "...";
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace store
