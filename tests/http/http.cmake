# `trakt-mcp serve --http` (tests/http/http.test.mjs): Streamable HTTP sessions, headers,
# Origin/Host, the bearer token, SSE with progress, and the 2026-07-28 revision on HTTP and
# stdio; the real binary against the Trakt stand-in, driven by node:test with fetch().
if(NODE_EXECUTABLE)
  if(TARGET trakt-mcp)
    set(_trakt_mcp_http_bin "$<TARGET_FILE:trakt-mcp>")
  else()
    set(_trakt_mcp_http_bin "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/trakt-mcp")
  endif()
  add_test(NAME integration.http
           COMMAND ${NODE_EXECUTABLE} ${_trakt_mcp_node_flags} ${CMAKE_CURRENT_LIST_DIR}/http.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(integration.http PROPERTIES
    ENVIRONMENT "TRAKT_MCP_BIN=${_trakt_mcp_http_bin}"
    FIXTURES_REQUIRED trakt_mcp_integration_deps
    RESOURCE_LOCK trakt_mcp_integration
    LABELS integration
    TIMEOUT 600)
endif()
