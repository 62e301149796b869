# Integration and interop tests: the real trakt-mcp binary over stdio against the Trakt
# stand-in (tests/standin/server.mjs, real TLS on 127.0.0.1), driven by node:test.
# Needs Node.js (>= 18) and the test dependencies: run `npm ci --prefix tests` first.
# One CTest test per area, so `ctest -R integration` shows them separately:
#   integration.tools integration.tokens integration.errors integration.protocol
#   integration.cli integration.sdk-interop
# They share a RESOURCE_LOCK so they never run at the same time as each other (2 slow cores),
# while unit tests may still run beside them.

find_program(NODE_EXECUTABLE NAMES node nodejs)

if(NOT NODE_EXECUTABLE)
  message(WARNING "node not found: integration tests (tests/integration) are not registered")
else()
  if(TARGET trakt-mcp)
    set(_trakt_mcp_it_bin "$<TARGET_FILE:trakt-mcp>")
  else()
    set(_trakt_mcp_it_bin "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/trakt-mcp")
  endif()
  set(_trakt_mcp_it_dir "${CMAKE_CURRENT_LIST_DIR}")

  # Per-test deadline and forced exit where this Node has them (>= 20.14), so a hang fails
  # one test instead of eating the whole CTest timeout.
  execute_process(COMMAND ${NODE_EXECUTABLE} --version
                  OUTPUT_VARIABLE _trakt_mcp_node_version OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^v" "" _trakt_mcp_node_version "${_trakt_mcp_node_version}")
  set(_trakt_mcp_node_flags --test --test-reporter=spec)
  if(_trakt_mcp_node_version VERSION_GREATER_EQUAL 20.14)
    list(APPEND _trakt_mcp_node_flags --test-timeout=300000 --test-force-exit)
  endif()

  add_test(NAME integration.deps
           COMMAND ${NODE_EXECUTABLE} ${_trakt_mcp_it_dir}/check-deps.mjs)
  set_tests_properties(integration.deps PROPERTIES
    ENVIRONMENT "TRAKT_MCP_BIN=${_trakt_mcp_it_bin}"
    FIXTURES_SETUP trakt_mcp_integration_deps
    LABELS integration
    TIMEOUT 60)

  foreach(_area IN ITEMS tools tokens errors protocol cli sdk-interop)
    add_test(NAME integration.${_area}
             COMMAND ${NODE_EXECUTABLE} ${_trakt_mcp_node_flags}
                     ${_trakt_mcp_it_dir}/${_area}.test.mjs
             WORKING_DIRECTORY ${_trakt_mcp_it_dir})
    set_tests_properties(integration.${_area} PROPERTIES
      ENVIRONMENT "TRAKT_MCP_BIN=${_trakt_mcp_it_bin}"
      FIXTURES_REQUIRED trakt_mcp_integration_deps
      RESOURCE_LOCK trakt_mcp_integration
      LABELS integration
      TIMEOUT 600)
  endforeach()
endif()
