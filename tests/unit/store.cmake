# Unit tests of store/ (hosted mode's storage), every behaviour against both
# backends: SQLite in a temporary folder, and a PostgreSQL 15 of their own that
# the store.postgres_start fixture starts in the build tree (tests/store/
# postgres.sh; a Unix socket only, trust auth, nothing secret). The cases share
# that one database, so they never run in parallel with each other.
add_executable(store_tests
  ${CMAKE_CURRENT_LIST_DIR}/store/schema_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store/redact_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store/grants_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store/tokens_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store/lock_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store/libpq_test.cpp)
target_include_directories(store_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(store_tests PRIVATE store GTest::gtest_main Threads::Threads trakt_mcp_warnings)

set(_store_pg_dir ${CMAKE_CURRENT_BINARY_DIR}/pg)
set(_store_pg_script ${CMAKE_CURRENT_LIST_DIR}/../store/postgres.sh)
add_test(NAME store.postgres_start COMMAND ${_store_pg_script} start ${_store_pg_dir})
add_test(NAME store.postgres_stop COMMAND ${_store_pg_script} stop ${_store_pg_dir})
set_tests_properties(store.postgres_start PROPERTIES FIXTURES_SETUP store_postgres RESOURCE_LOCK store_postgres)
set_tests_properties(store.postgres_stop PROPERTIES FIXTURES_CLEANUP store_postgres RESOURCE_LOCK store_postgres)

gtest_discover_tests(store_tests DISCOVERY_MODE PRE_TEST TEST_PREFIX "store." NO_PRETTY_VALUES
  PROPERTIES
    LABELS unit
    FIXTURES_REQUIRED store_postgres
    RESOURCE_LOCK store_postgres
    SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]"
    ENVIRONMENT "TRAKT_MCP_TEST_POSTGRES=postgresql://trakt@/trakt_mcp_test?host=${_store_pg_dir}/run")
