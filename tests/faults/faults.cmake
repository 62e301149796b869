
if(NODE_EXECUTABLE)
  foreach(_area IN ITEMS upstream tokens kill9 stdio)
    trakt_mcp_node_test(faults.${_area}
      COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/${_area}.test.mjs)
  endforeach()
endif()
