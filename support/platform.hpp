#pragma once
// The platform this program is built for, as a value: rules that differ
// between macOS and the rest (which token store is the default, libpq's file
// name) are written as pure functions of a Platform, so that one test on
// Linux checks both platforms' rules.

namespace support {

enum class Platform {
  linux_like,  // Linux and any other Unix that is not macOS
  macos,
};

#if defined(__APPLE__)
inline constexpr Platform this_platform = Platform::macos;
#else
inline constexpr Platform this_platform = Platform::linux_like;
#endif

}  // namespace support
