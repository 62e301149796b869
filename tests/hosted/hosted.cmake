# Hosted mode end to end (tests/hosted/README.md): the real binary as an OAuth
# authorization and resource server, several instances on one store, behind
# HAProxy with the shipped deploy/haproxy/trakt-mcp.cfg. Each file starts its own
# stand-in, instances and (for PostgreSQL) its own PostgreSQL 15 in a temporary
# folder with its own socket (tests/store/postgres.sh), so they share nothing
# with the store tests. Generous deadlines: the ASan build is several times slower.
if(NODE_EXECUTABLE)
  foreach(_hosted_test sqlite_single security postgres_haproxy cimd operations mcp_remote)
    trakt_mcp_node_test(hosted.${_hosted_test}
      COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/${_hosted_test}.test.mjs
      LABELS hosted
      TIMEOUT 900)
  endforeach()
endif()
