// Process-wide logging: stderr lines plus subscribed sinks (see log.hpp).

#include "support/log.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

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
  LogFormat format = LogFormat::text;
  int next_id = 1;
  // shared_ptr so write() can call sinks outside the lock: a sink may log
  // or remove itself without deadlocking.
  std::vector<std::pair<int, std::shared_ptr<const log::Sink>>> sinks;
};

State& state() {
  static State s;
  return s;
}

thread_local const LogScope* current = nullptr;

// "2026-11-24T07:50:01Z"
std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

// Scope as text: " [request 7, person 3]"; empty outside a call.
std::string scope_text() {
  std::string out;
  if (!current) return out;
  if (!current->request_id.empty()) out += "request " + current->request_id;
  if (!current->person.empty()) {
    if (!out.empty()) out += ", ";
    out += "person " + current->person;
  }
  return out.empty() ? out : " [" + out + "]";
}

std::string text_line(LogLevel level, std::string_view logger, std::string_view message) {
  std::string line = utc_timestamp();
  line += ' ';
  line += to_string(level);
  line += ' ';
  line += logger;
  line += scope_text();
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
  return line;
}

// {"time":...,"level":...,"logger":...,"message":...,"request_id":...,"person":...};
// JSON escapes every control character, so one record stays one line.
std::string json_line(LogLevel level, std::string_view logger, std::string_view message) {
  boost::json::object o;
  o.emplace("time", utc_timestamp());
  o.emplace("level", to_string(level));
  o.emplace("logger", logger);
  o.emplace("message", message);
  if (current && !current->request_id.empty()) o.emplace("request_id", current->request_id);
  if (current && !current->person.empty()) o.emplace("person", current->person);
  std::string line = boost::json::serialize(o);
  line += '\n';
  return line;
}

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

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

void set_format(LogFormat format) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.format = format;
}

const LogScope* current_scope() { return current; }

ScopeGuard::ScopeGuard(const LogScope* scope) : saved_(current) { current = scope; }
ScopeGuard::~ScopeGuard() { current = saved_; }

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
      std::string line = s.format == LogFormat::json ? json_line(level, logger, message)
                                                     : text_line(level, logger, message);
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
