
if(NODE_EXECUTABLE)
  set(_sanitized 0)
  if(CMAKE_CXX_FLAGS MATCHES "-fsanitize")
    set(_sanitized 1)
  endif()
  trakt_mcp_node_test(soak
    COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/soak.test.mjs
    ENVIRONMENT TRAKT_MCP_SOAK_SANITIZED=${_sanitized}
    LABELS soak)
endif()
