# The keychain token store against a fake `security` program (tests/keychain/security).
if(NODE_EXECUTABLE)
  trakt_mcp_node_test(integration.keychain
    COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/keychain.test.mjs
    TIMEOUT 300)
endif()
