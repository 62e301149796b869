// Where libpq is looked for, on both platforms (pure functions: checked here
// on Linux for macOS too).

#include "store/connection.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

std::vector<std::string> names(support::Platform p) {
  const auto c = store::libpq_candidates(p);
  return {c.begin(), c.end()};
}

TEST(Libpq, LinuxLoadsTheSoname) {
  EXPECT_EQ(names(support::Platform::linux_like), std::vector<std::string>{"libpq.so.5"});
  EXPECT_NE(store::libpq_install_hint(support::Platform::linux_like).find("apt-get install libpq5"), std::string::npos);
}

TEST(Libpq, MacosTriesTheDylibThenHomebrewsKegs) {
  EXPECT_EQ(names(support::Platform::macos),
            (std::vector<std::string>{"libpq.5.dylib", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib",
                                      "/usr/local/opt/libpq/lib/libpq.5.dylib"}));
  EXPECT_NE(store::libpq_install_hint(support::Platform::macos).find("brew install libpq"), std::string::npos);
}

TEST(Libpq, ThisBuildUsesItsPlatformsList) {
#if defined(__APPLE__)
  EXPECT_EQ(support::this_platform, support::Platform::macos);
#else
  EXPECT_EQ(support::this_platform, support::Platform::linux_like);
#endif
}

}  // namespace
