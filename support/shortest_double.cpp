// See shortest_double.hpp.

#include "support/shortest_double.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <system_error>

// libc++ declares floating-point to_chars unavailable before macOS 13.3.
#if defined(__APPLE__) && defined(__ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__) && \
    __ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__ < 130300
#define TRAKT_MCP_FLOAT_TO_CHARS 0
#else
#define TRAKT_MCP_FLOAT_TO_CHARS 1
#endif

namespace support {

namespace detail {

namespace {

// `mantissa` × 10^`exponent`, read by strtod.
bool reads_back(std::uint64_t mantissa, int exponent, double value) {
  const std::string text = std::to_string(mantissa) + "e" + std::to_string(exponent);
  return std::strtod(text.c_str(), nullptr) == value;
}

}  // namespace

std::string shortest_by_printf(double value) {
  const std::string sign = std::signbit(value) ? "-" : "";
  value = std::fabs(value);
  if (value == 0) return sign.empty() ? "0" : "-0";
  // The fewest significant digits that read back as `value`. At each count,
  // printf's correctly rounded digits m are the nearest; when they do not read
  // back, the only other candidates of that length are m+1 and m-1 (the
  // interval that reads back is uneven at powers of two).
  std::uint64_t mantissa = 0;
  int exponent = 0;  // value is about mantissa × 10^exponent
  for (int precision = 1; precision <= 17; ++precision) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, value);
    const std::string_view text(buf);
    const auto e = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e))
      if (c != '.') digits += c;
    const std::uint64_t m = std::strtoull(digits.c_str(), nullptr, 10);
    const int q = std::atoi(buf + e + 1) - (precision - 1);
    bool found = false;
    for (const std::uint64_t candidate : {m, m + 1, m - 1}) {
      if (candidate > 0 && reads_back(candidate, q, value)) {
        mantissa = candidate;
        exponent = q;
        found = true;
        break;
      }
    }
    if (found) break;
  }
  std::string digits = std::to_string(mantissa);
  while (digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  const int n = int(digits.size());
  const int point = exponent + n - 1;  // the exponent of scientific notation

  // Built with append, not operator+ chains, which GCC 12 at -O3 warns about
  // wrongly (-Wrestrict, GCC bug 105651).
  // Scientific, as to_chars writes it: at least two exponent digits.
  std::string scientific = sign;
  scientific += digits[0];
  if (n > 1) {
    scientific += '.';
    scientific.append(digits, 1);
  }
  scientific += point < 0 ? "e-" : "e+";
  const int magnitude = point < 0 ? -point : point;
  if (magnitude < 10) scientific += '0';
  scientific += std::to_string(magnitude);

  // Fixed, with no more digits than needed; a whole number is written whole,
  // every digit exact (as printf's %f does: 2^60 is 1152921504606846976).
  std::string fixed = sign;
  if (point < 0) {
    fixed += "0.";
    fixed.append(std::size_t(-point - 1), '0');
    fixed += digits;
  } else if (point + 1 >= n) {
    char whole[320];  // DBL_MAX has 309 digits
    std::snprintf(whole, sizeof whole, "%.0f", value);
    fixed += whole;
  } else {
    fixed.append(digits, 0, std::size_t(point + 1));
    fixed += '.';
    fixed.append(digits, std::size_t(point + 1));
  }
  // The shorter one; fixed when they are as long (the standard's rule).
  return fixed.size() <= scientific.size() ? fixed : scientific;
}

}  // namespace detail

void append_shortest(std::string& out, double value) {
#if TRAKT_MCP_FLOAT_TO_CHARS
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec == std::errc()) out.append(buf, end);
#else
  out += detail::shortest_by_printf(value);
#endif
}

}  // namespace support
