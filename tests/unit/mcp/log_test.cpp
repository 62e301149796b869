// Process-wide logging: stderr format and threshold, sinks.

#include "mcp/log.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <tuple>
#include <vector>

namespace {

TEST(LogLevels, NamesRoundTrip) {
  for (int i = 0; i < 8; ++i) {
    auto level = static_cast<mcp::LogLevel>(i);
    EXPECT_EQ(mcp::parse_log_level(mcp::to_string(level)), level);
  }
  EXPECT_EQ(mcp::to_string(mcp::LogLevel::warning), "warning");
  EXPECT_FALSE(mcp::parse_log_level("warn"));
  EXPECT_FALSE(mcp::parse_log_level("INFO"));
}

TEST(LogStderr, FormatAndThreshold) {
  const auto saved = mcp::log::stderr_level();
  mcp::log::set_stderr_level(mcp::LogLevel::info);
  testing::internal::CaptureStderr();
  mcp::log::info("trakt", "hello there");
  mcp::log::debug("trakt", "not shown");
  mcp::log::error("auth", "shown");
  const std::string err = testing::internal::GetCapturedStderr();
  mcp::log::set_stderr_level(saved);
  EXPECT_TRUE(std::regex_match(
      err, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ info trakt: hello there
\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ error auth: shown
)")))
      << err;
}

TEST(LogSinks, SeeEveryLevelAndCanBeRemoved) {
  const auto saved = mcp::log::stderr_level();
  mcp::log::set_stderr_level(mcp::LogLevel::emergency);
  std::vector<std::tuple<mcp::LogLevel, std::string, std::string>> got;
  const int id = mcp::log::add_sink([&](mcp::LogLevel level, std::string_view logger, std::string_view message) {
    got.emplace_back(level, std::string(logger), std::string(message));
  });
  mcp::log::debug("a", "one");
  mcp::log::write(mcp::LogLevel::critical, "b", "two");
  mcp::log::remove_sink(id);
  mcp::log::info("c", "three");
  mcp::log::set_stderr_level(saved);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], std::make_tuple(mcp::LogLevel::debug, std::string("a"), std::string("one")));
  EXPECT_EQ(got[1], std::make_tuple(mcp::LogLevel::critical, std::string("b"), std::string("two")));
}

TEST(LogSinks, ASinkMayLogAndRemoveItself) {
  const auto saved = mcp::log::stderr_level();
  mcp::log::set_stderr_level(mcp::LogLevel::emergency);
  int calls = 0;
  int id = 0;
  id = mcp::log::add_sink([&](mcp::LogLevel, std::string_view, std::string_view) {
    if (++calls == 1) {
      mcp::log::remove_sink(id);
      mcp::log::info("sink", "from inside a sink");
    }
  });
  mcp::log::info("x", "first");
  mcp::log::info("x", "second");
  mcp::log::set_stderr_level(saved);
  EXPECT_EQ(calls, 1);
}

}  // namespace
