// support::write_file_atomically: contents and exact mode, replacing a file,
// failures that name the file and leave no temporary file, and temporary
// files of dead processes cleaned up.

#include "support/atomic_file.hpp"
#include "support/files.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

using test_files::mode_of;
using test_files::read_text;
using test_files::TempDir;
using test_files::Umask;

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(WriteFileAtomically, WritesTheContentsWithExactlyTheMode) {
  TempDir dir;
  Umask um(0);  // the mode asked for, not 0666 & ~umask
  const auto path = dir / "config.json";
  auto err = support::write_file_atomically(path, "{\"a\":1}\n", 0600);
  ASSERT_FALSE(err) << err->message;
  EXPECT_EQ(read_text(path), "{\"a\":1}\n");
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"config.json"});
}

TEST(WriteFileAtomically, ModeIsExactAlsoUnderARestrictiveUmask) {
  TempDir dir;
  Umask um(077);
  const auto path = dir / "shared.txt";
  ASSERT_FALSE(support::write_file_atomically(path, "x", 0644));
  EXPECT_EQ(mode_of(path), 0644u);
}

TEST(WriteFileAtomically, ReplacesAnExistingFileAndItsMode) {
  TempDir dir;
  const auto path = dir / "tokens.json";
  {
    std::ofstream out(path);
    out << "old contents that are longer than the new ones";
  }
  ::chmod(path.c_str(), 0666);
  ASSERT_FALSE(support::write_file_atomically(path, "new", 0600));
  EXPECT_EQ(read_text(path), "new");
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"tokens.json"});
}

TEST(WriteFileAtomically, EmptyAndLargeContents) {
  TempDir dir;
  ASSERT_FALSE(support::write_file_atomically(dir / "empty", "", 0600));
  EXPECT_EQ(read_text(dir / "empty"), "");
  const std::string big(3 * 1024 * 1024 + 17, 'z');
  ASSERT_FALSE(support::write_file_atomically(dir / "big", big, 0600));
  EXPECT_EQ(read_text(dir / "big"), big);
}

TEST(WriteFileAtomically, MissingFolderFailsNamingTheFile) {
  TempDir dir;
  const auto path = dir / "no" / "such" / "file.json";
  auto err = support::write_file_atomically(path, "x", 0600);
  ASSERT_TRUE(err);
  EXPECT_NE(err->message.find(path.string()), std::string::npos) << err->message;
  EXPECT_EQ(err->reason, "cannot be written (No such file or directory)");
  EXPECT_EQ(err->message, path.string() + " cannot be written (No such file or directory).");
  EXPECT_TRUE(names_in(dir.path()).empty());
}

TEST(WriteFileAtomically, ReadOnlyFolderFailsNamingTheFileAndLeavesNoTemporaryFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
  TempDir dir;
  ::chmod(dir.path().c_str(), 0500);
  const auto path = dir / "tokens.json";
  auto err = support::write_file_atomically(path, "x", 0600);
  ::chmod(dir.path().c_str(), 0700);
  ASSERT_TRUE(err);
  EXPECT_NE(err->message.find(path.string()), std::string::npos) << err->message;
  EXPECT_NE(err->reason.find("Permission denied"), std::string::npos) << err->reason;
  EXPECT_TRUE(names_in(dir.path()).empty());
}

TEST(WriteFileAtomically, ADirectoryInTheWayFailsAtTheRenameAndLeavesNoTemporaryFile) {
  TempDir dir;
  const auto path = dir / "tokens.json";
  fs::create_directory(path);
  fs::create_directory(path / "inside");  // non-empty: rename over it fails even for root
  auto err = support::write_file_atomically(path, "x", 0600);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->reason.rfind("cannot be replaced (", 0), 0u) << err->reason;
  EXPECT_NE(err->message.find(path.string()), std::string::npos) << err->message;
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"tokens.json"});
}

TEST(WriteFileAtomically, TemporaryFilesOfDeadProcessesAreRemovedOthersKept) {
  TempDir dir;
  const auto path = dir / "tokens.json";
  // pid 999999999 is above any pid_max; our parent is alive; the rest are not ours.
  const std::string live = "tokens.json.tmp-" + std::to_string(::getppid());
  for (const std::string& name : {std::string("tokens.json.tmp-999999999"), live, std::string("tokens.json.tmp-12x"),
                                 std::string("other.json.tmp-999999999")})
    std::ofstream(dir / name) << "half";
  ASSERT_FALSE(support::write_file_atomically(path, "new", 0600));
  std::vector<std::string> kept{"other.json.tmp-999999999", "tokens.json", "tokens.json.tmp-12x", live};
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(names_in(dir.path()), kept);
}

TEST(WriteFileAtomically, ALeftoverWithOurOwnPidIsReplacedNotFollowed) {
  TempDir dir;
  const auto path = dir / "tokens.json";
  // A leftover of an earlier process that had our pid, here a link to a
  // file that must not be written through.
  const auto victim = dir / "victim";
  std::ofstream(victim) << "untouched";
  fs::create_symlink(victim, dir / ("tokens.json.tmp-" + std::to_string(::getpid())));
  ASSERT_FALSE(support::write_file_atomically(path, "new", 0600));
  EXPECT_EQ(read_text(path), "new");
  EXPECT_EQ(read_text(victim), "untouched");
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"tokens.json", "victim"}));
}

}  // namespace
