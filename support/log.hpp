#pragma once
// Process-wide logging: every line goes to stderr (never stdout, which carries
// MCP messages) and to any subscribed sink, e.g. an MCP session that forwards
// it as notifications/message. Callers must never pass secrets. The product
// decides the stderr threshold (the composition root reads its variable).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace support {

// RFC 5424 severities, in the spelling and order MCP uses.
enum class LogLevel { debug, info, notice, warning, error, critical, alert, emergency };

std::string_view to_string(LogLevel level);
std::optional<LogLevel> parse_log_level(std::string_view name);

// How stderr lines are written: "TIME LEVEL LOGGER: message" (text), or one
// JSON object a line (TRAKT_MCP_LOG_FORMAT=json) for log collectors.
enum class LogFormat { text, json };
std::optional<LogFormat> parse_log_format(std::string_view name);

// Whose work a line is part of: the JSON-RPC id of the call and the person
// (hosted mode's user number; empty for the one user of stdio).
struct LogScope {
  std::string request_id;
  std::string person;
};

namespace log {

using Sink = std::function<void(LogLevel, std::string_view logger, std::string_view message)>;

// Lines below this level are not written to stderr (default: info). Sinks
// apply their own threshold.
void set_stderr_level(LogLevel level);
LogLevel stderr_level();

void set_format(LogFormat format);

// The scope of the code running on this thread now; null outside any call.
// ScopedExecutor (support/scoped_executor.hpp) sets it around each step of a
// call's coroutines, so lines written anywhere inside the call carry it.
const LogScope* current_scope();

class ScopeGuard {
public:
  explicit ScopeGuard(const LogScope* scope);
  ~ScopeGuard();
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;

private:
  const LogScope* saved_;
};

int add_sink(Sink sink);
void remove_sink(int id);

void write(LogLevel level, std::string_view logger, std::string_view message);

inline void debug(std::string_view logger, std::string_view m) { write(LogLevel::debug, logger, m); }
inline void info(std::string_view logger, std::string_view m) { write(LogLevel::info, logger, m); }
inline void warning(std::string_view logger, std::string_view m) { write(LogLevel::warning, logger, m); }
inline void error(std::string_view logger, std::string_view m) { write(LogLevel::error, logger, m); }

}  // namespace log
}  // namespace support
