#pragma once
// Every behavioural store test runs twice: against SQLite in a fresh temporary
// folder and against the PostgreSQL named by TRAKT_MCP_TEST_POSTGRES (started
// by the store.postgres_start fixture), whose tables are dropped first so that
// each case starts from an empty database whatever ran before.

#include "store/connection.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "support/files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

namespace store_tests {

inline const store::Time now{std::chrono::seconds(1'700'000'000)};
inline store::Time later(int seconds) { return now + std::chrono::seconds(seconds); }

class StoreTest : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_.emplace("store");
      url_ = "sqlite:" + (dir_->path() / "store.db").string();
      return;
    }
    const char* url = std::getenv("TRAKT_MCP_TEST_POSTGRES");
    if (!url || !*url) GTEST_SKIP() << "TRAKT_MCP_TEST_POSTGRES is not set (ctest sets it)";
    url_ = url;
    std::string drop = "DROP TABLE IF EXISTS ";
    for (auto table : store::schema_tables()) drop += std::string(table) + ",";
    drop.back() = ' ';
    raw()->exec(drop + "CASCADE");
  }

  std::unique_ptr<store::Database> open() const { return store::Database::open(url_); }

  // A connection of our own, beside the Database, to look at what it wrote.
  std::unique_ptr<store::Connection> raw() const {
    if (GetParam() == "sqlite") return store::open_sqlite_connection(url_.substr(7));
    return store::open_postgres_connection(url_);
  }

  std::size_t count(const std::string& table) const {
    auto rows = raw()->query("SELECT COUNT(*) FROM " + table);
    return std::stoul(*rows.at(0).at(0));
  }

  std::string url_;

private:
  std::optional<test_files::TempDir> dir_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace store_tests

#define STORE_BACKENDS(suite) \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::Values("sqlite", "postgresql"), store_tests::backend_name)
