
if(NODE_EXECUTABLE)
  trakt_mcp_node_test(manifests
    COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/manifests.test.mjs
    LABELS manifests
    TIMEOUT 600)  # the ASan binary is large: packing it into bundles takes a minute or two
endif()
