#pragma once
// ISO 8601 as the MCP arguments and the Trakt API write it.

#include <cstdint>
#include <optional>
#include <string_view>

namespace support {

// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" with optional ".fff" and "Z": seconds
// since the epoch (UTC), or nullopt for anything else or an impossible date.
std::optional<std::int64_t> parse_utc_timestamp(std::string_view iso);

}  // namespace support
