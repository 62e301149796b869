#pragma once
// Replacing a file so that a crash at any moment leaves either the old or the
// new contents, never a mix or nothing: write a temporary file beside it,
// fsync, rename it over the old one, fsync the folder.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace support {

struct FileWriteError {
  std::string reason;   // for "<the file> " + reason: "cannot be written (Permission denied)"
  std::string message;  // the whole sentence, naming the file
};

// Writes `contents` to `path` with exactly `mode` (the umask does not apply);
// nullopt when done. The temporary file is <name>.tmp-<pid> in the same
// folder, created exclusively and removed on any failure. Temporary files of
// this same path left by processes that are gone (killed before the rename)
// are removed first, so they never pile up.
std::optional<FileWriteError> write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                                                    mode_t mode);

}  // namespace support
