# Unit tests of app/ (app_core, the composition root): the one catalog
# builder, and hosted mode's refresh of a person's Trakt pair against a real
# store (SQLite in a temp dir, and the PostgreSQL of the store.postgres_start
# fixture, as tests/unit/store does) with a fake Trakt and no waiting.
add_executable(app_tests
  ${CMAKE_CURRENT_LIST_DIR}/app/catalog_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/app/refresher_test.cpp)
target_include_directories(app_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(app_tests PRIVATE app_core trakt_core GTest::gtest_main trakt_mcp_warnings)
gtest_discover_tests(app_tests DISCOVERY_MODE PRE_TEST TEST_PREFIX "app." NO_PRETTY_VALUES
  PROPERTIES
    LABELS unit
    FIXTURES_REQUIRED store_postgres
    RESOURCE_LOCK store_postgres
    SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]"
    ENVIRONMENT "TRAKT_MCP_TEST_POSTGRES=postgresql://trakt@/trakt_mcp_test?host=${_store_pg_dir}/run")

# The executable itself starts and prints its help (the tools, which register
# themselves from static initializers, and the platform's token store): the one
# check of the binary that needs no Node, so that the libcxx preset runs it too.
add_test(NAME cli.help COMMAND trakt-mcp --help)
set_tests_properties(cli.help PROPERTIES LABELS unit
  PASS_REGULAR_EXPRESSION "Tools:.*get_upcoming.*TRAKT_TOKEN_STORE")
