// See atomic_file.hpp.

#include "support/atomic_file.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace support {

namespace fs = std::filesystem;

namespace {

std::string with_errno(const char* what, int e) { return std::string(what) + " (" + std::strerror(e) + ")"; }

// A write killed between open and rename leaves <name>.tmp-<pid> behind;
// those of processes that no longer exist are removed.
void remove_abandoned_temp_files(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    char* end = nullptr;
    const long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
    if (pid <= 0 || !end || *end != '\0') continue;
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH) fs::remove(entry.path(), ec);
  }
}

// O_EXCL: never write through a file or link someone else put at the name.
// Ours by pid yet present can only be a leftover of an earlier process that
// had the same pid: removed, and tried once more.
int create_exclusively(const fs::path& tmp, mode_t mode) {
  for (int tries = 0;; ++tries) {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd >= 0 || errno != EEXIST || tries > 0) return fd;
    if (::unlink(tmp.c_str()) != 0) {
      errno = EEXIST;
      return -1;
    }
  }
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) {  // no progress and no error: give up rather than spin
      errno = EIO;
      return false;
    }
    data.remove_prefix(std::size_t(n));
  }
  return true;
}

}  // namespace

std::optional<FileWriteError> write_file_atomically(const fs::path& path, std::string_view contents, mode_t mode) {
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const std::string prefix = path.filename().string() + ".tmp-";
  const fs::path tmp = dir / (prefix + std::to_string(::getpid()));
  auto failure = [&](std::string reason) {
    std::string message = path.string() + " " + reason + ".";
    return FileWriteError{std::move(reason), std::move(message)};
  };
  remove_abandoned_temp_files(dir, prefix);

  const int fd = create_exclusively(tmp, mode);
  if (fd < 0) return failure(with_errno("cannot be written", errno));
  ::fchmod(fd, mode);  // open()'s mode is filtered by the umask; be exact
  if (!write_all(fd, contents)) {
    const int e = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return failure(with_errno("cannot be written", e));
  }
  // Durable before it takes the old file's place. close() reports late
  // write errors (NFS), so its result counts too.
  int e = ::fsync(fd) == 0 ? 0 : errno;
  if (::close(fd) != 0 && e == 0) e = errno;
  if (e != 0) {
    ::unlink(tmp.c_str());
    return failure(with_errno("cannot be flushed to disk", e));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    e = errno;
    ::unlink(tmp.c_str());
    return failure(with_errno("cannot be replaced", e));
  }
  // The rename itself must survive a crash too.
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return std::nullopt;
}

}  // namespace support
