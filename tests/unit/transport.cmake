# Unit tests of the transports: stdio over pipes, and the HTTP transport's
# request rules as free functions (no sockets).
add_executable(transport_tests
  ${CMAKE_CURRENT_LIST_DIR}/transport/stdio_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transport/http_rules_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transport/health_test.cpp)
target_include_directories(transport_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(transport_tests PRIVATE transport GTest::gtest_main trakt_mcp_warnings)
gtest_discover_tests(transport_tests DISCOVERY_MODE PRE_TEST
  PROPERTIES LABELS unit)
