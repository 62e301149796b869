// Prometheus metrics: off until enabled, the text exposition format, label
// escaping, histograms (cumulative buckets, +Inf, _sum, _count), threads.

#include "support/metrics.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace {

namespace metrics = support::metrics;

constinit metrics::Family requests("test_requests_total", metrics::Kind::counter, "Requests, by method and status",
                         {"method", "status"});
constinit metrics::Family open_things("test_open", metrics::Kind::gauge, "Things open now", {});
constexpr double took_buckets[] = {0.1, 1};
constinit metrics::Family took("test_duration_seconds", metrics::Kind::histogram, "How long it took", {"what"},
                               took_buckets);
constinit metrics::Family odd("test_odd_total", metrics::Kind::counter, "Help with a \\ and a\nnewline", {"value"});
constinit metrics::Family busy("test_busy_total", metrics::Kind::counter, "Counted from many threads", {});

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Runs first in a whole run (gtest keeps a file's order), and alone under CTest:
// nothing counts before enable().
TEST(Metrics, AAOffUntilEnabled) {
  ASSERT_FALSE(metrics::enabled());
  requests.add({"GET", "200"});
  open_things.set({}, 5);
  const std::string text = metrics::render();
  EXPECT_FALSE(contains(text, "test_requests_total")) << text;
  EXPECT_FALSE(contains(text, "test_open")) << text;
  metrics::enable();
  EXPECT_TRUE(metrics::enabled());
}

TEST(Metrics, CountersAndGaugesInTheTextFormat) {
  metrics::enable();  // CTest runs each test in a process of its own
  requests.add({"GET", "200"});
  requests.add({"GET", "200"});
  requests.add({"POST", "401"}, 3);
  open_things.set({}, 2);
  open_things.add({}, -1);
  const std::string text = metrics::render();
  EXPECT_TRUE(contains(text, "# HELP test_requests_total Requests, by method and status\n"
                             "# TYPE test_requests_total counter\n"
                             "test_requests_total{method=\"GET\",status=\"200\"} 2\n"
                             "test_requests_total{method=\"POST\",status=\"401\"} 3\n"))
      << text;
  EXPECT_TRUE(contains(text, "# TYPE test_open gauge\ntest_open 1\n")) << text;
  // Families come out by name, whatever the order of their first updates.
  EXPECT_LT(text.find("# HELP test_open "), text.find("# HELP test_requests_total ")) << text;
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  metrics::enable();  // CTest runs each test in a process of its own
  took.observe({"a"}, 0.05);
  took.observe({"a"}, 0.1);  // on a bound: counts in that bucket (le = "less or equal")
  took.observe({"a"}, 0.5);
  took.observe({"a"}, 7);
  const std::string text = metrics::render();
  EXPECT_TRUE(contains(text, "# TYPE test_duration_seconds histogram\n"
                             "test_duration_seconds_bucket{what=\"a\",le=\"0.1\"} 2\n"
                             "test_duration_seconds_bucket{what=\"a\",le=\"1\"} 3\n"
                             "test_duration_seconds_bucket{what=\"a\",le=\"+Inf\"} 4\n"
                             "test_duration_seconds_sum{what=\"a\"} 7.65\n"
                             "test_duration_seconds_count{what=\"a\"} 4\n"))
      << text;
}

TEST(Metrics, LabelValuesAndHelpAreEscaped) {
  metrics::enable();  // CTest runs each test in a process of its own
  odd.add({"say \"hi\"\\\n"});
  const std::string text = metrics::render();
  EXPECT_TRUE(contains(text, "# HELP test_odd_total Help with a \\\\ and a\\nnewline\n")) << text;
  EXPECT_TRUE(contains(text, "test_odd_total{value=\"say \\\"hi\\\"\\\\\\n\"} 1\n")) << text;
}

TEST(Metrics, ThreadsCountEveryUpdate) {
  metrics::enable();  // CTest runs each test in a process of its own
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([] {
      for (int i = 0; i < 1000; ++i) busy.add({});
    });
  for (auto& t : threads) t.join();
  EXPECT_TRUE(contains(metrics::render(), "test_busy_total 4000\n"));
}

}  // namespace
