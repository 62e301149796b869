// Process-wide logging: stderr lines plus subscribed sinks (see log.hpp).

#include "support/log.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace support {

namespace {

constexpr std::array<std::string_view, 8> level_names = {
    "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

struct State {
  std::mutex mutex;
  LogLevel stderr_level = LogLevel::info;
  int next_id = 1;
  // shared_ptr so write() can call sinks outside the lock: a sink may log
  // or remove itself without deadlocking.
  std::vector<std::pair<int, std::shared_ptr<const log::Sink>>> sinks;
};

State& state() {
  static State s;
  return s;
}

// "2026-11-24T07:50:01Z"
std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

}  // namespace

std::string_view to_string(LogLevel level) {
  const auto i = static_cast<std::size_t>(level);
  return i < level_names.size() ? level_names[i] : "unknown";
}

std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (std::size_t i = 0; i < level_names.size(); ++i)
    if (level_names[i] == name) return static_cast<LogLevel>(i);
  return std::nullopt;
}

namespace log {

void set_stderr_level(LogLevel level) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.stderr_level = level;
}

LogLevel stderr_level() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  return s.stderr_level;
}

int add_sink(Sink sink) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  const int id = s.next_id++;
  s.sinks.emplace_back(id, std::make_shared<const Sink>(std::move(sink)));
  return id;
}

void remove_sink(int id) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  std::erase_if(s.sinks, [id](const auto& entry) { return entry.first == id; });
}

void write(LogLevel level, std::string_view logger, std::string_view message) {
  auto& s = state();
  std::vector<std::shared_ptr<const Sink>> sinks;
  {
    std::lock_guard lock(s.mutex);
    if (level >= s.stderr_level) {
      // One fwrite per line so lines from different threads never interleave.
      std::string line = utc_timestamp();
      line += ' ';
      line += to_string(level);
      line += ' ';
      line += logger;
      line += ": ";
      // One record per line: a newline or other control character in text
      // that came from outside (a client id, a name) cannot forge another.
      for (char c : message) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
          static constexpr char hex[] = "0123456789abcdef";
          line += "\\x";
          line += hex[u >> 4];
          line += hex[u & 15];
        } else {
          line += c;
        }
      }
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), stderr);
      std::fflush(stderr);
    }
    sinks.reserve(s.sinks.size());
    for (const auto& entry : s.sinks) sinks.push_back(entry.second);
  }
  for (const auto& sink : sinks) (*sink)(level, logger, message);
}

}  // namespace log
}  // namespace support
