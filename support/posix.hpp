#pragma once
// POSIX calls whose spelling differs between Linux and macOS, written once.
// (Linux-only calls stay out of the rest of the code: pipe2, st_mtim and
// mallinfo2/malloc_trim, which support/heap_trim.cpp guards, are the ones we
// had.)

#include <cstdint>
#include <filesystem>
#include <optional>

namespace support {

// A pipe whose two ends are closed in a program this one starts (FD_CLOEXEC),
// as pipe2(O_CLOEXEC) makes on Linux. macOS has no pipe2: there the flag is set
// right after pipe(), so a program that another thread starts in between could
// inherit the ends (we start programs from one thread only). False, with errno
// set, when it fails.
bool open_cloexec_pipe(int fds[2]);

// The file's last modification in nanoseconds since the epoch (st_mtim on
// Linux, st_mtimespec on macOS); nullopt when it cannot be read.
std::optional<std::int64_t> modification_time_ns(const std::filesystem::path& path);

}  // namespace support
