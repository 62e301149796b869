// support::append_shortest and its fallback for libraries without
// floating-point std::to_chars (libc++ before macOS 13.3): the fallback writes
// what std::to_chars writes, checked here where std::to_chars exists.

#include "support/shortest_double.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

using support::detail::shortest_by_printf;

std::string to_chars_text(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "error";
}

std::string appended(double v) {
  std::string s;
  support::append_shortest(s, v);
  return s;
}

TEST(ShortestDouble, WritesWhatMetricsShow) {
  EXPECT_EQ(appended(0.1), "0.1");
  EXPECT_EQ(appended(7.65), "7.65");
  EXPECT_EQ(appended(1), "1");
  EXPECT_EQ(appended(2.5), "2.5");
  EXPECT_EQ(appended(0.005), "0.005");
  EXPECT_EQ(appended(1e20), "1e+20");
  EXPECT_EQ(appended(0), "0");
  EXPECT_EQ(appended(-0.0), "-0");
  EXPECT_EQ(appended(123456789), "123456789");
}

TEST(ShortestDouble, TheFallbackWritesWhatToCharsWrites) {
  std::vector<double> values = {0.0,   -0.0,  1.0,     -1.0,    0.1,     0.2,    0.3,      1.0 / 3,   2.0 / 3,
                                7.65,  100.0, 1e15,    1e16,    1e17,    1e21,   1e22,     1e23,      1e-5,
                                1e-6,  1e-7,  0.00012, 123.456, 5e-324,  1e308,  1.7976931348623157e308,
                                2.2250738585072014e-308, 9007199254740993.0, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,  0.25,  0.5,     2.5,     10.0,    60.0,   300.0,    86400.0};
  for (int k = -1074; k <= 1023; ++k) values.push_back(std::ldexp(1.0, k));  // powers of two
  for (int k = -20; k <= 22; ++k) values.push_back(std::pow(10.0, k));
  std::mt19937_64 random(20261207);
  for (int i = 0; i < 5000; ++i) {
    std::uint64_t bits = random();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (std::isfinite(v)) values.push_back(v);
    values.push_back(double(random() % 1000000) / 1000.0);  // durations in seconds, as metrics keep
    values.push_back(double(random() % 100000) * 0.001);
  }
  int mismatches = 0;
  for (double v : values) {
    const auto want = to_chars_text(v);
    const auto got = shortest_by_printf(v);
    if (got != want && ++mismatches <= 20) ADD_FAILURE() << "to_chars " << want << ", fallback " << got;
  }
  EXPECT_EQ(mismatches, 0) << "of " << values.size();
}

}  // namespace
