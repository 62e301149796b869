#pragma once
// Process-wide Prometheus metrics (text exposition format 0.0.4). Off until
// enable() is called (serve --http with --metrics): until then every update
// is one relaxed atomic load, so the stdio path pays nothing measurable.
//
// A Family is declared once, as a constinit static next to the code it counts,
// with its name, help and label names; updates pass the label values in that order.
// Label values must come from a small, fixed set (methods, statuses, tool
// names, outcomes): never a person, token or URL.

#include <array>
#include <atomic>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace support::metrics {

enum class Kind { counter, gauge, histogram };

namespace detail {
extern std::atomic<bool> enabled;
}

// Starts collecting (and exposing) metrics; there is no going back.
void enable();
inline bool enabled() { return detail::enabled.load(std::memory_order_relaxed); }

// Seconds, from a millisecond to a minute: tool calls and upstream requests.
inline constexpr double latency_buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1,     2.5,  5,    10,   30, 60};

class Family {
public:
  // `name` and the labels follow Prometheus' rules ([a-zA-Z_][a-zA-Z0-9_]*);
  // counters end in _total. Constant-initialized (declare it `constinit`):
  // nothing runs at start-up, so the stdio server touches none of it. It
  // joins the registry at its first update once metrics are on.
  constexpr Family(std::string_view name, Kind kind, std::string_view help,
                   std::initializer_list<std::string_view> labels,
                   std::span<const double> buckets = latency_buckets)
      : name_(name), help_(help), kind_(kind), buckets_(buckets) {
    for (auto l : labels) labels_[label_count_++] = l;
  }
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  // Counter: add `by` (≥ 0). Gauge: add `by` (may be negative).
  void add(std::initializer_list<std::string_view> values, double by = 1) {
    if (enabled()) update(values, by, false);
  }
  // Gauge: set to `value`.
  void set(std::initializer_list<std::string_view> values, double value) {
    if (enabled()) update(values, value, true);
  }
  // Histogram: one observation (seconds, for latencies).
  void observe(std::initializer_list<std::string_view> values, double value) {
    if (enabled()) update(values, value, false);
  }

  std::string_view name() const { return name_; }
  std::string_view help() const { return help_; }
  Kind kind() const { return kind_; }
  std::span<const std::string_view> labels() const { return {labels_.data(), label_count_}; }
  std::span<const double> buckets() const { return buckets_; }

private:
  void update(std::initializer_list<std::string_view> values, double value, bool assign);

  std::string_view name_;
  std::string_view help_;
  Kind kind_;
  std::array<std::string_view, 4> labels_{};
  std::size_t label_count_ = 0;
  std::span<const double> buckets_;
};

// Every family updated since enable(), by name, as Prometheus reads it.
std::string render();

}  // namespace support::metrics
