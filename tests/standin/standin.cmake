# The Trakt stand-in's own tests (node:test over HTTPS to a real stand-in
# process, no trakt-mcp involved): the read endpoints, OAuth and faults
# (standin.test.mjs), the write endpoints with their state (writes.test.mjs), continue watching
# and hidden shows (playback.test.mjs), the personal lists (lists.test.mjs) and the
# authorization-code flow with per-user state (authcode.test.mjs), the images and
# the image host (images.test.mjs), the summaries of every fixture title (titles.test.mjs).
if(NODE_EXECUTABLE)
  foreach(_suite standin writes authcode playback lists images titles)
    trakt_mcp_node_test(standin.${_suite}
      COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/${_suite}.test.mjs)
  endforeach()
endif()
