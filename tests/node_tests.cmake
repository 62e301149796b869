# The suites that drive the real binary from Node (node:test files, the
# conformance and Inspector runs): one CTest test per file. They share one
# lock, so that two never run at once on 2 cores, and need tests/node_modules
# (checked by integration.deps, which `scripts/test` satisfies with npm ci).

find_program(NODE_EXECUTABLE NAMES node nodejs)
if(NOT NODE_EXECUTABLE)
  message(WARNING "node not found: the integration suites are not registered")
endif()

# Per-test deadline and forced exit where this Node has them (>= 20.14), so a
# hang fails one test instead of eating the whole CTest timeout.
set(TRAKT_MCP_NODE_TEST_FLAGS --test --test-reporter=spec)
if(NODE_EXECUTABLE)
  execute_process(COMMAND ${NODE_EXECUTABLE} --version OUTPUT_VARIABLE _node_version
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^v" "" _node_version "${_node_version}")
  if(_node_version VERSION_GREATER_EQUAL 20.14)
    list(APPEND TRAKT_MCP_NODE_TEST_FLAGS --test-timeout=300000 --test-force-exit)
  endif()
endif()

# trakt_mcp_node_test(NAME COMMAND args... [LABELS l...] [ENVIRONMENT k=v...] [TIMEOUT s])
# Runs COMMAND in the calling .cmake file's folder with TRAKT_MCP_BIN set.
function(trakt_mcp_node_test name)
  cmake_parse_arguments(arg "" "TIMEOUT" "COMMAND;LABELS;ENVIRONMENT" ${ARGN})
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 600)
  endif()
  add_test(NAME ${name} COMMAND ${arg_COMMAND} WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "TRAKT_MCP_BIN=$<TARGET_FILE:trakt-mcp>;${arg_ENVIRONMENT}"
    FIXTURES_REQUIRED trakt_mcp_integration_deps
    RESOURCE_LOCK trakt_mcp_integration
    LABELS "integration;${arg_LABELS}"
    TIMEOUT ${arg_TIMEOUT})
endfunction()
