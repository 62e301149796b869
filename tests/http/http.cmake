
if(NODE_EXECUTABLE)
  trakt_mcp_node_test(integration.http
    COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/http.test.mjs)
endif()
