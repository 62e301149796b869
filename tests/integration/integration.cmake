# Integration and interop tests: the real trakt-mcp binary over stdio against the Trakt
# stand-in (tests/standin/server.mjs, real TLS on 127.0.0.1), driven by node:test; one
# CTest test per area (integration.tools, .tokens, .errors, .protocol, .cli, .sdk-interop).
if(NODE_EXECUTABLE)
  add_test(NAME integration.deps COMMAND ${NODE_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check-deps.mjs)
  set_tests_properties(integration.deps PROPERTIES
    FIXTURES_SETUP trakt_mcp_integration_deps
    LABELS integration
    TIMEOUT 60)

  foreach(_area IN ITEMS tools tokens errors protocol cli sdk-interop)
    trakt_mcp_node_test(integration.${_area}
      COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/${_area}.test.mjs)
  endforeach()
endif()
