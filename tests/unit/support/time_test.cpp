// support::parse_utc_timestamp: the ISO 8601 forms Trakt and MCP arguments use.

#include "support/time.hpp"

#include <gtest/gtest.h>

using support::parse_utc_timestamp;

TEST(ParseUtcTimestamp, ReadsTraktTimestamps) {
  EXPECT_EQ(parse_utc_timestamp("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(parse_utc_timestamp("2014-07-14T01:00:00.000Z"), 1405299600);
  EXPECT_EQ(parse_utc_timestamp("2026-11-24T20:00:00Z"), 1795550400);
  EXPECT_EQ(parse_utc_timestamp("2000-02-29T23:59:59.999Z"), 951868799);
  EXPECT_EQ(parse_utc_timestamp("2026-11-24"), 1795550400 - 20 * 3600);
}

TEST(ParseUtcTimestamp, RejectsImpossibleDatesAndGarbage) {
  for (const char* s : {"2026-13-45", "2026-13-45T00:00:00Z", "2026-02-29", "2026-00-10", "2026-11-00",
                        "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z", "2026-11-24T10:00", "garbage", "",
                        "2026", "2026-11", "abcd-ef-gh", "T10:00:00Z", "--"})
    EXPECT_FALSE(parse_utc_timestamp(s)) << '"' << s << '"';
}

// The declared format is YYYY-MM-DD[THH:MM:SS...]: text around a date is not a date.
TEST(ParseUtcTimestamp, RejectsMalformedDateText) {
  for (const char* s : {"2026-11-24garbage", "2026-1-5", " 2026-11-24", "2026-+1-05", "2026-1-5xx"})
    EXPECT_FALSE(parse_utc_timestamp(s)) << '"' << s << "\" was accepted";
}
