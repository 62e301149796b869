#pragma once
// Process-wide Prometheus metrics (text exposition format 0.0.4). Off until
// enable() is called (serve --http with --metrics): until then every update
// is one relaxed atomic load, so the stdio path pays nothing measurable.
//
// A Family is declared once, as a static next to the code it counts, with its
// name, help and label names; updates pass the label values in that order.
// Label values must come from a small, fixed set (methods, statuses, tool
// names, outcomes): never a person, token or URL.

#include <atomic>
#include <initializer_list>
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
const std::vector<double>& latency_buckets();

class Family {
public:
  // `name` and the labels follow Prometheus' rules ([a-zA-Z_][a-zA-Z0-9_]*);
  // counters end in _total. Registers itself: declare as a static.
  Family(std::string_view name, Kind kind, std::string_view help, std::initializer_list<std::string_view> labels,
         std::vector<double> buckets = {});
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

private:
  void update(std::initializer_list<std::string_view> values, double value, bool assign);
  std::size_t index_;  // in the registry
};

// Every family, in the order they were declared, as Prometheus reads it.
std::string render();

}  // namespace support::metrics
