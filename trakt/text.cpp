// See text.hpp.

#include "trakt/text.hpp"

#include "support/text.hpp"
#include "support/time.hpp"

#include <array>
#include <chrono>
#include <cstdlib>
#include <ctime>

namespace trakt::text {

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


std::string episode_code(std::int64_t season, std::int64_t number) {
  std::string code = "S";
  support::append_padded(code, season, 2);
  code += 'E';
  support::append_padded(code, number, 2);
  return code;
}

std::string season_code(std::int64_t season) {
  std::string code = "S";
  support::append_padded(code, season, 2);
  return code;
}

std::string title_or_untitled(std::string_view title) { return title.empty() ? "Untitled" : one_line(title); }

std::string year_suffix(const std::optional<int>& year) { return year ? " (" + std::to_string(*year) + ")" : ""; }

std::string titled(std::string_view tag, const Title& t) {
  std::string s(tag);
  s += ' ';
  s += title_or_untitled(t.title);
  s += year_suffix(t.year);
  return s;
}

std::string episode_part(const Show& show, const Episode& e) {
  std::string s = title_or_untitled(show.title);
  s += ' ';
  s += episode_code(e.season, e.number);
  if (e.title && !e.title->empty()) {
    s += " - ";
    s += one_line(*e.title);
  }
  return s;
}

std::string ids(const Ids& ids, IdStyle style) {
  std::string s;
  const auto add = [&](std::string_view name, std::string_view value) {
    if (!s.empty()) s += " · ";
    s += name;
    s += ' ';
    s += value;
  };
  if (ids.trakt) add("trakt", std::to_string(*ids.trakt));
  const bool slug = ids.slug && !ids.slug->empty(), imdb = ids.imdb && !ids.imdb->empty();
  if (style == IdStyle::all || style == IdStyle::prefer_slug || !imdb) {
    if (slug) add("slug", one_line(*ids.slug));
  }
  if (imdb && (style == IdStyle::all || style == IdStyle::prefer_imdb || !slug)) add("imdb", one_line(*ids.imdb));
  return s;
}

std::string plural(std::int64_t n, std::string_view one) {
  std::string s = std::to_string(n) + " " + std::string(one);
  if (n != 1) s += 's';
  return s;
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out = n < 0 ? "-" : "";
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, first);
  for (std::size_t i = first; i < digits.size(); i += 3) {
    out.push_back(',');
    out.append(digits, i, 3);
  }
  return out;
}

namespace {
std::string format_tm(const std::tm& tm) {
  std::string date;
  date.reserve(10);
  support::append_padded(date, tm.tm_year + 1900LL, 4);
  date += '-';
  support::append_padded(date, tm.tm_mon + 1, 2);
  date += '-';
  support::append_padded(date, tm.tm_mday, 2);
  return date;
}

}  // namespace

namespace {

// The local day that contains an instant, as the UTC window [start, end) it
// covers: long lists ask for the dates of many instants on few days, and
// localtime_r costs thousands of instructions each.
struct LocalDay {
  std::int64_t start = 0, end = 0;
  std::string date;
};

// The window of `t`'s local day when the UTC offset is the same at both of
// its ends and at `t` (no daylight-saving change that day), else nullopt.
std::optional<LocalDay> local_day_of(std::int64_t t, const std::tm& tm) {
  const std::int64_t start = t - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec), end = start + 86400;
  for (const std::int64_t edge : {start, end - 1}) {
    std::time_t et = static_cast<std::time_t>(edge);
    std::tm etm{};
    if (!localtime_r(&et, &etm) || etm.tm_gmtoff != tm.tm_gmtoff) return std::nullopt;
  }
  return LocalDay{start, end, format_tm(tm)};
}

}  // namespace

std::optional<std::string> local_date(std::string_view iso_utc) {
  auto t = support::parse_utc_timestamp(iso_utc);
  if (!t) return std::nullopt;
  // Days seen lately, by UTC day number; emptied when TZ changes.
  thread_local std::array<LocalDay, 256> days{};
  thread_local std::string days_tz;
  const char* tz_env = std::getenv("TZ");
  const std::string_view tz = tz_env ? tz_env : "\x01unset";
  if (tz != days_tz) {
    days.fill(LocalDay{});
    days_tz = tz;
  }
  const auto slot = [](std::int64_t when) { return std::size_t(std::uint64_t(when / 86400) % 256); };
  // The window of t's local day starts on t's UTC day or the one before or after.
  for (const std::int64_t probe : {*t, *t - 86400, *t + 86400}) {
    const auto& d = days[slot(probe)];
    if (!d.date.empty() && d.start <= *t && *t < d.end) return d.date;
  }
  std::time_t tt = static_cast<std::time_t>(*t);
  std::tm tm{};
  if (!localtime_r(&tt, &tm)) return std::nullopt;
  if (auto day = local_day_of(*t, tm)) {
    std::string date = day->date;
    days[slot(day->start)] = std::move(*day);
    return date;
  }
  return format_tm(tm);
}

std::string local_today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return format_tm(tm);
}

std::string date_or_unknown(std::string_view iso_utc) {
  auto d = local_date(iso_utc);
  return d ? *d : "unknown date";
}

std::string add_days(const std::string& ymd, int days) {
  using namespace std::chrono;
  auto t = support::parse_utc_timestamp(ymd);
  sys_days d{std::chrono::days{*t / 86400}};
  year_month_day r{d + std::chrono::days{days}};
  std::string out;
  support::append_padded(out, int(r.year()), 4);
  out += '-';
  support::append_padded(out, unsigned(r.month()), 2);
  out += '-';
  support::append_padded(out, unsigned(r.day()), 2);
  return out;
}

}  // namespace trakt::text
