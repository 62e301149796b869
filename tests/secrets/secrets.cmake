
if(NODE_EXECUTABLE)
  trakt_mcp_node_test(secrets
    COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/secrets.test.mjs
    LABELS secrets)
endif()
