# Unit tests of support/ (logging, the wake-up event, atomic file writes,
# tolerant JSON field reading, crypto).
add_executable(support_tests
  ${CMAKE_CURRENT_LIST_DIR}/support/log_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/time_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/event_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/atomic_file_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/json_fields_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/crypto_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/blocking_pool_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/heap_trim_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/posix_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/shortest_double_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/text_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/metrics_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support/scoped_executor_test.cpp)
target_include_directories(support_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(support_tests PRIVATE support GTest::gtest_main trakt_mcp_warnings)
gtest_discover_tests(support_tests DISCOVERY_MODE PRE_TEST
  PROPERTIES LABELS unit)
