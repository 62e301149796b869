# Fault-injection suite (tests/faults): the real trakt-mcp binary against the Trakt stand-in and
# small purpose-built upstreams, one node:test file per area:
#   faults.upstream  network, TLS, HTTP status and body faults from Trakt's side
#   faults.tokens    the refresh endpoint failing; broken token files
#   faults.kill9     kill -9 during a refresh, ~30 times: tokens.json always complete and usable
#   faults.stdio     hostile or broken MCP clients on stdin/stdout
# Same conventions as tests/integration/integration.cmake: label integration, the shared
# RESOURCE_LOCK (never beside the other integration tests on 2 slow cores), and the
# integration.deps fixture (node_modules and the binary present).

find_program(NODE_EXECUTABLE NAMES node nodejs)

if(NOT NODE_EXECUTABLE)
  message(WARNING "node not found: fault-injection tests (tests/faults) are not registered")
else()
  if(TARGET trakt-mcp)
    set(_trakt_mcp_faults_bin "$<TARGET_FILE:trakt-mcp>")
  else()
    set(_trakt_mcp_faults_bin "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/trakt-mcp")
  endif()
  set(_trakt_mcp_faults_dir "${CMAKE_CURRENT_LIST_DIR}")

  execute_process(COMMAND ${NODE_EXECUTABLE} --version
                  OUTPUT_VARIABLE _trakt_mcp_faults_node_version OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^v" "" _trakt_mcp_faults_node_version "${_trakt_mcp_faults_node_version}")
  set(_trakt_mcp_faults_flags --test --test-reporter=spec)
  if(_trakt_mcp_faults_node_version VERSION_GREATER_EQUAL 20.14)
    list(APPEND _trakt_mcp_faults_flags --test-timeout=300000 --test-force-exit)
  endif()

  foreach(_area IN ITEMS upstream tokens kill9 stdio)
    add_test(NAME faults.${_area}
             COMMAND ${NODE_EXECUTABLE} ${_trakt_mcp_faults_flags}
                     ${_trakt_mcp_faults_dir}/${_area}.test.mjs
             WORKING_DIRECTORY ${_trakt_mcp_faults_dir})
    set_tests_properties(faults.${_area} PROPERTIES
      ENVIRONMENT "TRAKT_MCP_BIN=${_trakt_mcp_faults_bin}"
      FIXTURES_REQUIRED trakt_mcp_integration_deps
      RESOURCE_LOCK trakt_mcp_integration
      LABELS integration
      TIMEOUT 600)
  endforeach()
endif()
