# Unit tests of the MCP layer and the stdio transport. Paths are relative to
# this file so it can be included from tests/CMakeLists.txt or any other tree.
add_executable(mcp_tests
  ${CMAKE_CURRENT_LIST_DIR}/mcp/json_rpc_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mcp/log_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mcp/server_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mcp/stdio_test.cpp)
target_include_directories(mcp_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(mcp_tests PRIVATE mcp transport GTest::gtest_main)
gtest_discover_tests(mcp_tests DISCOVERY_MODE PRE_TEST)
