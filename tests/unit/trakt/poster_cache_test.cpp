// The poster disk cache: Cache-Control read as a private cache reads it
// (cache_lifetime), hits and misses, expiry, the byte bound with least
// recently used out first (gets count as use), a restart on the same folder
// keeping entries and their order, refused keys and sizes, and disk trouble
// read as "not kept", never thrown.

#include "trakt/poster_cache.hpp"
#include "trakt/test_support.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace {

using std::chrono::hours;
using std::chrono::seconds;
using trakt::cache_lifetime;
using trakt::PosterCache;
using trakt::PosterCacheOptions;
using trakt_test::TempDir;
namespace fs = std::filesystem;

constexpr seconds kWeek{7 * 24 * 3600};
const auto kNow = std::chrono::system_clock::now();

PosterCacheOptions options(const fs::path& dir, std::uint64_t max_bytes = 1000) {
  PosterCacheOptions o;
  o.dir = dir;
  o.max_bytes = max_bytes;
  return o;
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.insert(e.path().filename().string());
  return names;
}

TEST(PosterCacheLifetime, MaxAgeIsTheLifetime) {
  EXPECT_EQ(cache_lifetime("public, max-age=2592000", kWeek), seconds{2592000});
  EXPECT_EQ(cache_lifetime("Max-Age=60", kWeek), seconds{60});
  EXPECT_EQ(cache_lifetime("max-age=\"120\"", kWeek), seconds{120});
  EXPECT_EQ(cache_lifetime("max-age=60, max-age=9000", kWeek), seconds{60});  // the first counts
  EXPECT_EQ(cache_lifetime("max-age=99999999999999999999", kWeek), seconds{2147483648});
}

TEST(PosterCacheLifetime, NoStoreNoCacheZeroAndMalformedAreNotKept) {
  EXPECT_EQ(cache_lifetime("no-store", kWeek), std::nullopt);
  EXPECT_EQ(cache_lifetime("public, max-age=600, NO-STORE", kWeek), std::nullopt);
  EXPECT_EQ(cache_lifetime("no-cache", kWeek), std::nullopt);
  EXPECT_EQ(cache_lifetime("max-age=0", kWeek), std::nullopt);
  EXPECT_EQ(cache_lifetime("max-age=soon", kWeek), std::nullopt);
  EXPECT_EQ(cache_lifetime("max-age=-5", kWeek), std::nullopt);
}

TEST(PosterCacheLifetime, WithoutMaxAgeTheFallbackPrivateKeptSharedMaxAgeIgnored) {
  EXPECT_EQ(cache_lifetime("", kWeek), kWeek);
  EXPECT_EQ(cache_lifetime("public", kWeek), kWeek);
  EXPECT_EQ(cache_lifetime("private, max-age=300", kWeek), seconds{300});
  EXPECT_EQ(cache_lifetime("s-maxage=10", kWeek), kWeek);
  EXPECT_EQ(cache_lifetime("s-maxage=10, max-age=50", kWeek), seconds{50});
  EXPECT_EQ(cache_lifetime("", seconds{0}), std::nullopt);
}

TEST(PosterCache, MissThenHit) {
  TempDir dir("posters");
  PosterCache cache(options(dir / "posters"));
  EXPECT_EQ(cache.get("show-1390", kNow), std::nullopt);
  EXPECT_FALSE(fs::exists(dir / "posters"));  // a get never creates the folder
  ASSERT_TRUE(cache.put("show-1390", "RIFF-poster", "public, max-age=600", kNow));
  EXPECT_EQ(cache.get("show-1390", kNow + seconds{1}), "RIFF-poster");
  EXPECT_EQ(cache.get("movie-1390", kNow), std::nullopt);
  EXPECT_EQ(cache.bytes_used(), 11u);
  EXPECT_EQ(trakt_test::mode_of(dir / "posters") & 0777, 0700);
}

TEST(PosterCache, ExpiresAfterMaxAgeAndTheFileGoes) {
  TempDir dir("posters");
  PosterCache cache(options(dir.path()));
  ASSERT_TRUE(cache.put("movie-1", "abc", "max-age=60", kNow));
  EXPECT_EQ(cache.get("movie-1", kNow + seconds{59}), "abc");
  EXPECT_EQ(cache.get("movie-1", kNow + seconds{61}), std::nullopt);
  EXPECT_TRUE(files_in(dir.path()).empty());
  EXPECT_EQ(cache.bytes_used(), 0u);
}

TEST(PosterCache, NoStoreIsNotKeptAndDropsTheOldCopy) {
  TempDir dir("posters");
  PosterCache cache(options(dir.path()));
  ASSERT_TRUE(cache.put("movie-1", "old", "max-age=600", kNow));
  EXPECT_FALSE(cache.put("movie-1", "new", "no-store", kNow));
  EXPECT_EQ(cache.get("movie-1", kNow), std::nullopt);
  EXPECT_TRUE(files_in(dir.path()).empty());
}

TEST(PosterCache, WithoutMaxAgeTheDefaultLifetime) {
  TempDir dir("posters");
  auto o = options(dir.path());
  o.default_max_age = hours{2};
  PosterCache cache(o);
  ASSERT_TRUE(cache.put("show-7", "x", "", kNow));
  EXPECT_EQ(cache.get("show-7", kNow + hours{2} - seconds{2}), "x");
  EXPECT_EQ(cache.get("show-7", kNow + hours{2} + seconds{1}), std::nullopt);
}

TEST(PosterCache, OneFilePerKeyNamedWithItsExpiry) {
  TempDir dir("posters");
  PosterCache cache(options(dir.path()));
  const auto now = std::chrono::system_clock::time_point{seconds{1800000000}};
  ASSERT_TRUE(cache.put("show-1390", "one", "max-age=100", now));
  ASSERT_TRUE(cache.put("show-1390", "two", "max-age=200", now));
  EXPECT_EQ(files_in(dir.path()), (std::set<std::string>{"show-1390.1800000200.webp"}));
  EXPECT_EQ(cache.get("show-1390", now), "two");
  EXPECT_EQ(cache.bytes_used(), 3u);
}

TEST(PosterCache, EvictsTheLeastRecentlyUsedAndGetsCountAsUse) {
  TempDir dir("posters");
  PosterCache cache(options(dir.path(), 30));
  const std::string ten(10, 'p');
  ASSERT_TRUE(cache.put("movie-1", ten, "", kNow));
  ASSERT_TRUE(cache.put("movie-2", ten, "", kNow + seconds{1}));
  ASSERT_TRUE(cache.put("movie-3", ten, "", kNow + seconds{2}));
  ASSERT_TRUE(cache.get("movie-1", kNow + seconds{3}));  // 2 is now the least recently used
  ASSERT_TRUE(cache.put("movie-4", ten, "", kNow + seconds{4}));
  EXPECT_EQ(cache.get("movie-2", kNow + seconds{5}), std::nullopt);
  EXPECT_TRUE(cache.get("movie-1", kNow + seconds{5}));
  EXPECT_TRUE(cache.get("movie-3", kNow + seconds{5}));
  EXPECT_TRUE(cache.get("movie-4", kNow + seconds{5}));
  EXPECT_EQ(cache.bytes_used(), 30u);
  EXPECT_EQ(files_in(dir.path()).size(), 3u);
  // A bigger one makes room for itself: out go 1 and then 3, the two least recently used.
  ASSERT_TRUE(cache.put("movie-5", std::string(20, 'q'), "", kNow + seconds{6}));
  EXPECT_EQ(cache.get("movie-1", kNow + seconds{7}), std::nullopt);
  EXPECT_EQ(cache.get("movie-3", kNow + seconds{7}), std::nullopt);
  EXPECT_TRUE(cache.get("movie-4", kNow + seconds{7}));
  EXPECT_EQ(cache.bytes_used(), 30u);
}

TEST(PosterCache, ARestartKeepsEntriesAndTheirOrder) {
  TempDir dir("posters");
  const std::string ten(10, 'p');
  {
    PosterCache cache(options(dir.path(), 30));
    ASSERT_TRUE(cache.put("show-1", ten, "", kNow));
    ASSERT_TRUE(cache.put("show-2", ten, "", kNow + seconds{1}));
    ASSERT_TRUE(cache.put("show-3", ten, "", kNow + seconds{2}));
    ASSERT_TRUE(cache.get("show-1", kNow + seconds{3}));  // order of use: 2, 3, 1
  }
  PosterCache again(options(dir.path(), 30));
  EXPECT_EQ(again.bytes_used(), 30u);
  ASSERT_TRUE(again.put("show-4", ten, "", kNow + seconds{4}));
  EXPECT_EQ(again.get("show-2", kNow + seconds{5}), std::nullopt);
  EXPECT_EQ(again.get("show-1", kNow + seconds{5}), ten);
  EXPECT_EQ(again.get("show-3", kNow + seconds{5}), ten);
}

TEST(PosterCache, ARestartDropsExpiredAndOlderFilesAndLeavesForeignOnes) {
  TempDir dir("posters");
  const auto now = std::chrono::system_clock::time_point{seconds{1800000000}};
  trakt_test::write_text(dir / "show-1.1799999999.webp", "expired");
  trakt_test::write_text(dir / "show-2.1800000500.webp", "older");
  trakt_test::write_text(dir / "show-2.1800000900.webp", "newer");
  fs::last_write_time(dir / "show-2.1800000500.webp", fs::file_time_type::clock::now() - hours{1});
  trakt_test::write_text(dir / "notes.txt", "mine");
  trakt_test::write_text(dir / "Show-3.1800000900.webp", "bad key");
  trakt_test::write_text(dir / "show-4.soon.webp", "bad expiry");
  PosterCache cache(options(dir.path()));
  EXPECT_EQ(cache.get("show-1", now), std::nullopt);
  EXPECT_EQ(cache.get("show-2", now), "newer");
  EXPECT_EQ(cache.bytes_used(), 5u);
  EXPECT_EQ(files_in(dir.path()), (std::set<std::string>{"show-2.1800000900.webp", "notes.txt", "Show-3.1800000900.webp",
                                                          "show-4.soon.webp"}));
}

TEST(PosterCache, BadKeysAreRefused) {
  TempDir dir("posters");
  PosterCache cache(options(dir.path()));
  for (const std::string& key : std::vector<std::string>{"", "Show-1", "show_1", "../show-1", "show-1.webp", "show 1", std::string(65, 'a')}) {
    EXPECT_FALSE(cache.put(key, "x", "", kNow)) << key;
    EXPECT_EQ(cache.get(key, kNow), std::nullopt) << key;
  }
  EXPECT_TRUE(cache.put(std::string(64, 'a'), "x", "", kNow));
  EXPECT_TRUE(files_in(dir.path()).size() == 1);
}

TEST(PosterCache, MaxBytesZeroKeepsNothingAndTouchesNoDisk) {
  TempDir dir("posters");
  PosterCache cache(options(dir / "posters", 0));
  EXPECT_FALSE(cache.put("movie-1", "x", "max-age=600", kNow));
  EXPECT_EQ(cache.get("movie-1", kNow), std::nullopt);
  EXPECT_EQ(cache.bytes_used(), 0u);
  EXPECT_FALSE(fs::exists(dir / "posters"));
}

TEST(PosterCache, AnEntryLargerThanMaxBytesIsRefusedAndEvictsNothing) {
  TempDir dir("posters");
  PosterCache cache(options(dir.path(), 10));
  ASSERT_TRUE(cache.put("movie-1", "12345", "", kNow));
  EXPECT_FALSE(cache.put("movie-2", std::string(11, 'x'), "", kNow));
  EXPECT_FALSE(cache.put("movie-3", "", "", kNow));  // nothing to keep
  EXPECT_EQ(cache.get("movie-1", kNow), "12345");
  EXPECT_EQ(cache.bytes_used(), 5u);
}

TEST(PosterCache, AnUnusableFolderIsNotKeptAndNeverThrows) {
  TempDir dir("posters");
  trakt_test::write_text(dir / "in-the-way", "a file where the folder should be");
  PosterCache cache(options(dir / "in-the-way"));
  EXPECT_NO_THROW({
    EXPECT_EQ(cache.get("movie-1", kNow), std::nullopt);
    EXPECT_FALSE(cache.put("movie-1", "x", "", kNow));
    EXPECT_EQ(cache.get("movie-1", kNow), std::nullopt);
    EXPECT_EQ(cache.bytes_used(), 0u);
  });
  PosterCache under(options(dir / "in-the-way" / "posters"));
  EXPECT_FALSE(under.put("movie-1", "x", "", kNow));
}

TEST(PosterCache, AnUnreadableFolderIsAMissAndNeverThrows) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any folder";
  TempDir dir("posters");
  {
    PosterCache cache(options(dir.path()));
    ASSERT_TRUE(cache.put("movie-1", "x", "", kNow));
  }
  fs::permissions(dir.path(), fs::perms::none);
  PosterCache cache(options(dir.path()));
  EXPECT_NO_THROW({
    EXPECT_EQ(cache.get("movie-1", kNow), std::nullopt);
    EXPECT_FALSE(cache.put("movie-2", "y", "", kNow));
  });
  fs::permissions(dir.path(), fs::perms::owner_all);
}

TEST(PosterCache, AFileRemovedBehindItsBackIsAMiss) {
  TempDir dir("posters");
  PosterCache cache(options(dir.path()));
  ASSERT_TRUE(cache.put("movie-1", "x", "", kNow));
  for (const auto& name : files_in(dir.path())) fs::remove(dir / name);
  EXPECT_EQ(cache.get("movie-1", kNow), std::nullopt);
  EXPECT_EQ(cache.bytes_used(), 0u);
}

}  // namespace
