# Soak and backpressure test (tests/soak/soak.test.mjs): 100k pipelined messages over one stdio
# session against the stand-in; every id answered once, VmRSS bounded. Needs Node and
# `npm ci --prefix tests`, like the integration tests (same fixture and lock). About 1-3 min.
# In sanitizer builds it runs 20k messages and does not hold RSS to the release bound.

find_program(NODE_EXECUTABLE NAMES node nodejs)
if(NODE_EXECUTABLE)
  if(TARGET trakt-mcp)
    set(_trakt_mcp_soak_bin "$<TARGET_FILE:trakt-mcp>")
  else()
    set(_trakt_mcp_soak_bin "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/trakt-mcp")
  endif()
  set(_trakt_mcp_soak_sanitized 0)
  if(CMAKE_CXX_FLAGS MATCHES "-fsanitize")
    set(_trakt_mcp_soak_sanitized 1)
  endif()
  add_test(NAME soak
           COMMAND ${NODE_EXECUTABLE} --test --test-reporter=spec ${CMAKE_CURRENT_LIST_DIR}/soak.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(soak PROPERTIES
    ENVIRONMENT "TRAKT_MCP_BIN=${_trakt_mcp_soak_bin};TRAKT_MCP_SOAK_SANITIZED=${_trakt_mcp_soak_sanitized}"
    FIXTURES_REQUIRED trakt_mcp_integration_deps
    RESOURCE_LOCK trakt_mcp_integration
    LABELS "integration;soak"
    TIMEOUT 600)
endif()
