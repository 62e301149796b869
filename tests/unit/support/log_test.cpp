// Process-wide logging: stderr format and threshold, sinks.

#include "support/log.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <tuple>
#include <vector>

namespace {

TEST(LogLevels, NamesRoundTrip) {
  for (int i = 0; i < 8; ++i) {
    auto level = static_cast<support::LogLevel>(i);
    EXPECT_EQ(support::parse_log_level(support::to_string(level)), level);
  }
  EXPECT_EQ(support::to_string(support::LogLevel::warning), "warning");
  EXPECT_FALSE(support::parse_log_level("warn"));
  EXPECT_FALSE(support::parse_log_level("INFO"));
}

TEST(LogStderr, FormatAndThreshold) {
  const auto saved = support::log::stderr_level();
  support::log::set_stderr_level(support::LogLevel::info);
  testing::internal::CaptureStderr();
  support::log::info("trakt", "hello there");
  support::log::debug("trakt", "not shown");
  support::log::error("auth", "shown");
  const std::string err = testing::internal::GetCapturedStderr();
  support::log::set_stderr_level(saved);
  EXPECT_TRUE(std::regex_match(
      err, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ info trakt: hello there
\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ error auth: shown
)")))
      << err;
}

TEST(LogStderr, ControlCharactersCannotForgeALine) {
  const auto saved = support::log::stderr_level();
  support::log::set_stderr_level(support::LogLevel::info);
  testing::internal::CaptureStderr();
  support::log::info("auth", "client https://x/\n2026-01-01T00:00:00Z error auth: forged\r\x1b[2J ok ü");
  const std::string err = testing::internal::GetCapturedStderr();
  support::log::set_stderr_level(saved);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("https://x/\\x0a2026-01-01T00:00:00Z error auth: forged\\x0d\\x1b[2J ok ü\n"), std::string::npos)
      << err;
}

TEST(LogSinks, SeeEveryLevelAndCanBeRemoved) {
  const auto saved = support::log::stderr_level();
  support::log::set_stderr_level(support::LogLevel::emergency);
  std::vector<std::tuple<support::LogLevel, std::string, std::string>> got;
  const int id = support::log::add_sink([&](support::LogLevel level, std::string_view logger, std::string_view message) {
    got.emplace_back(level, std::string(logger), std::string(message));
  });
  support::log::debug("a", "one");
  support::log::write(support::LogLevel::critical, "b", "two");
  support::log::remove_sink(id);
  support::log::info("c", "three");
  support::log::set_stderr_level(saved);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], std::make_tuple(support::LogLevel::debug, std::string("a"), std::string("one")));
  EXPECT_EQ(got[1], std::make_tuple(support::LogLevel::critical, std::string("b"), std::string("two")));
}

TEST(LogSinks, ASinkMayLogAndRemoveItself) {
  const auto saved = support::log::stderr_level();
  support::log::set_stderr_level(support::LogLevel::emergency);
  int calls = 0;
  int id = 0;
  id = support::log::add_sink([&](support::LogLevel, std::string_view, std::string_view) {
    if (++calls == 1) {
      support::log::remove_sink(id);
      support::log::info("sink", "from inside a sink");
    }
  });
  support::log::info("x", "first");
  support::log::info("x", "second");
  support::log::set_stderr_level(saved);
  EXPECT_EQ(calls, 1);
}

}  // namespace

namespace {

TEST(LogFormat, Names) {
  EXPECT_EQ(support::parse_log_format("json"), support::LogFormat::json);
  EXPECT_EQ(support::parse_log_format("text"), support::LogFormat::text);
  EXPECT_FALSE(support::parse_log_format("JSON"));
}

TEST(LogScope, TextLinesNameTheRequestAndPerson) {
  const support::LogScope scope{"7", "3"};
  testing::internal::CaptureStderr();
  {
    support::log::ScopeGuard in(&scope);
    support::log::info("trakt", "inside");
  }
  support::log::info("trakt", "outside");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find(" info trakt [request 7, person 3]: inside\n"), std::string::npos) << err;
  EXPECT_NE(err.find(" info trakt: outside\n"), std::string::npos) << err;
}

TEST(LogFormat, JsonLinesAreOneObjectEach) {
  support::log::set_format(support::LogFormat::json);
  const support::LogScope scope{"\"a-1\"", "12"};
  testing::internal::CaptureStderr();
  {
    support::log::ScopeGuard in(&scope);
    support::log::warning("hosted", "two\nlines \"quoted\"");
  }
  support::log::info("http", "no call");
  const std::string err = testing::internal::GetCapturedStderr();
  support::log::set_format(support::LogFormat::text);
  EXPECT_TRUE(std::regex_match(
      err, std::regex(R"(\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","level":"warning","logger":"hosted","message":"two\\nlines \\"quoted\\"","request_id":"\\"a-1\\"","person":"12"\}
\{"time":"[^"]+","level":"info","logger":"http","message":"no call"\}
)")))
      << err;
}

}  // namespace
