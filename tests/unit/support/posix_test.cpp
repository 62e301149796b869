// support/posix.hpp: the pipe is close-on-exec at both ends, and a file's
// modification time reads the same way on every platform.

#include "support/posix.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;

TEST(Posix, PipeEndsAreCloseOnExecAndConnected) {
  int fds[2] = {-1, -1};
  ASSERT_TRUE(support::open_cloexec_pipe(fds));
  EXPECT_TRUE(::fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
  EXPECT_TRUE(::fcntl(fds[1], F_GETFD) & FD_CLOEXEC);
  ASSERT_EQ(::write(fds[1], "x", 1), 1);
  char c = 0;
  ASSERT_EQ(::read(fds[0], &c, 1), 1);
  EXPECT_EQ(c, 'x');
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(Posix, ModificationTimeIsInNanoseconds) {
  const auto dir = fs::temp_directory_path() / ("trakt-mcp-posix-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto file = dir / "f";
  EXPECT_EQ(support::modification_time_ns(file), std::nullopt);
  std::ofstream(file) << "x";
  const auto stamp = support::modification_time_ns(file);
  ASSERT_TRUE(stamp.has_value());
  // Moved an hour on (with std::filesystem, which knows each platform): an
  // hour later to the nanosecond.
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::hours(1));
  EXPECT_EQ(*support::modification_time_ns(file) - *stamp, std::int64_t(3600) * 1'000'000'000);
  fs::remove_all(dir);
}

}  // namespace
