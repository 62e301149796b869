// See time.hpp.

#include "support/time.hpp"

#include <chrono>

namespace support {

std::optional<std::int64_t> parse_utc_timestamp(std::string_view iso) {
  // YYYY-MM-DD, optionally THH:MM:SS and then fractions and a "Z" (the
  // inputs are always UTC). Digits at fixed positions, nothing looser.
  auto digits = [&](std::size_t pos, std::size_t len, int& out) {
    if (iso.size() < pos + len) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return false;
      out = out * 10 + (iso[i] - '0');
    }
    return true;
  };
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (iso.size() < 10 || !digits(0, 4, y) || iso[4] != '-' || !digits(5, 2, mo) || iso[7] != '-' || !digits(8, 2, d))
    return std::nullopt;
  if (iso.size() > 10) {
    if (iso[10] != 'T' || !digits(11, 2, h) || iso.size() < 19 || iso[13] != ':' || !digits(14, 2, mi) ||
        iso[16] != ':' || !digits(17, 2, s))
      return std::nullopt;
    const std::string_view rest = iso.substr(19);
    const bool utc = rest.empty() || rest == "Z" || (rest.size() >= 3 && rest[0] == '.' && rest.back() == 'Z' &&
                                                     rest.find_first_not_of("0123456789", 1) == rest.size() - 1);
    if (!utc) return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return sys_days{ymd}.time_since_epoch().count() * 86400LL + h * 3600 + mi * 60 + s;
}

}  // namespace support
