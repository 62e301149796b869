# Unit tests of auth/: the authorization server driven through WebRequests on
# an io_context, with a real store (SQLite in a temp dir) and a test identity
# provider. No sockets.
add_executable(auth_tests
  ${CMAKE_CURRENT_LIST_DIR}/auth/pieces_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth/flow_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth/security_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth/client_metadata_test.cpp)
target_include_directories(auth_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(auth_tests PRIVATE auth GTest::gtest_main trakt_mcp_warnings)
gtest_discover_tests(auth_tests DISCOVERY_MODE PRE_TEST TEST_PREFIX "auth."
  PROPERTIES LABELS unit)
