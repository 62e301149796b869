# Integration and interop tests: the real trakt-mcp binary over stdio against the Trakt
# stand-in (tests/standin/server.mjs, real TLS on 127.0.0.1), driven by node:test; one
# CTest test per area (integration.tools, .tokens, .errors, .protocol, .cli, .sdk-interop).
if(NODE_EXECUTABLE)
  add_test(NAME integration.deps COMMAND ${NODE_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check-deps.mjs)
  set_tests_properties(integration.deps PROPERTIES
    FIXTURES_SETUP trakt_mcp_integration_deps
    LABELS integration
    TIMEOUT 60)

  # Every *.test.mjs here is one CTest test (integration.<name>): a new test
  # file is picked up without editing a list.
  file(GLOB _areas CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.test.mjs)
  foreach(_file IN LISTS _areas)
    get_filename_component(_area ${_file} NAME)
    string(REGEX REPLACE "\\.test\\.mjs$" "" _area ${_area})
    trakt_mcp_node_test(integration.${_area}
      COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${_file})
  endforeach()
endif()
