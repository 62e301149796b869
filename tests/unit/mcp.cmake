# Unit tests of the MCP layer: JSON-RPC framing, argument specs, and golden
# transcripts of whole sessions through mcp::Server with fake tools, resources
# and prompts.
add_executable(mcp_tests
  ${CMAKE_CURRENT_LIST_DIR}/mcp/elicitation_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mcp/json_rpc_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mcp/prompt_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mcp/resource_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mcp/server_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mcp/stateless_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mcp/tool_test.cpp)
target_include_directories(mcp_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(mcp_tests PRIVATE mcp GTest::gtest_main trakt_mcp_warnings)
gtest_discover_tests(mcp_tests DISCOVERY_MODE PRE_TEST
  PROPERTIES LABELS unit)
