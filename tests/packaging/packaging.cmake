# The install packages, installed as a user would and driven over MCP:
# npm.test.mjs packs the npm launcher and this platform's binary package with
# scripts/npm-pack, installs both tarballs into an empty prefix (offline) and
# runs `npx trakt-mcp` with the official SDK client against the stand-in.
# Needs npm and npx next to node.
if(NODE_EXECUTABLE)
  find_program(NPM_EXECUTABLE npm)
  find_program(NPX_EXECUTABLE npx)
  if(NPM_EXECUTABLE AND NPX_EXECUTABLE)
    trakt_mcp_node_test(packaging.npm
      COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/npm.test.mjs
      LABELS packaging
      TIMEOUT 900)
  else()
    message(WARNING "npm or npx not found: packaging.npm is not registered")
  endif()
endif()
