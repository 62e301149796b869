#pragma once
// Process-wide logging: every line goes to stderr (never stdout, which carries
// MCP messages) and to any subscribed sink, e.g. an MCP session that forwards
// it as notifications/message. Callers must never pass secrets. The product
// decides the stderr threshold (the composition root reads its variable).

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace support {

// RFC 5424 severities, in the spelling and order MCP uses.
enum class LogLevel { debug, info, notice, warning, error, critical, alert, emergency };

std::string_view to_string(LogLevel level);
std::optional<LogLevel> parse_log_level(std::string_view name);

namespace log {

using Sink = std::function<void(LogLevel, std::string_view logger, std::string_view message)>;

// Lines below this level are not written to stderr (default: info). Sinks
// apply their own threshold.
void set_stderr_level(LogLevel level);
LogLevel stderr_level();

int add_sink(Sink sink);
void remove_sink(int id);

void write(LogLevel level, std::string_view logger, std::string_view message);

inline void debug(std::string_view logger, std::string_view m) { write(LogLevel::debug, logger, m); }
inline void info(std::string_view logger, std::string_view m) { write(LogLevel::info, logger, m); }
inline void warning(std::string_view logger, std::string_view m) { write(LogLevel::warning, logger, m); }
inline void error(std::string_view logger, std::string_view m) { write(LogLevel::error, logger, m); }

}  // namespace log
}  // namespace support
