#pragma once
// A double as the shortest text that reads back as the same double, exactly as
// std::to_chars(first, last, value) writes it ("0.1", "7.65", "1e+20", "-0").
//
// std::to_chars for floating point is where the standard library has it. On
// macOS, libc++ makes it available only from macOS 13.3: a build for an older
// deployment target uses shortest_by_printf instead (the same text, found by
// asking printf for 1, 2, ... 17 digits until strtod reads the value back),
// which tests/unit/support/shortest_double_test.cpp checks against
// std::to_chars on many values.

#include <string>

namespace support {

// Finite values only (the caller writes infinities and NaN its own way).
void append_shortest(std::string& out, double value);

namespace detail {
std::string shortest_by_printf(double value);
}  // namespace detail

}  // namespace support
