// support/text.hpp: append_padded writes what snprintf's %0Nd writes.

#include "support/text.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

TEST(AppendPadded, WritesWhatSnprintfWrites) {
  for (long long value : {0LL, 1LL, 7LL, 9LL, 10LL, 99LL, 100LL, 2026LL, 123456789LL, -1LL, -7LL, -10LL, -2026LL}) {
    for (int width : {0, 1, 2, 3, 4, 6}) {
      char expected[64];
      std::snprintf(expected, sizeof expected, "%0*lld", width, value);
      std::string out = "x";
      support::append_padded(out, value, width);
      EXPECT_EQ(out, std::string("x") + expected) << value << " width " << width;
    }
  }
}

}  // namespace
