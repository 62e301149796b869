// See posix.hpp.

#include "support/posix.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace support {

bool open_cloexec_pipe(int fds[2]) {
#if defined(__APPLE__)
  if (::pipe(fds) != 0) return false;
  for (int i = 0; i < 2; ++i) {
    if (::fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      return false;
    }
  }
  return true;
#else
  return ::pipe2(fds, O_CLOEXEC) == 0;
#endif
}

std::optional<std::int64_t> modification_time_ns(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
#if defined(__APPLE__)
  const struct timespec& t = st.st_mtimespec;
#else
  const struct timespec& t = st.st_mtim;
#endif
  return std::int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

}  // namespace support
