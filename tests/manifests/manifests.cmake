# Install manifests (manifests/): they agree with each other, with the README's
# "## Add it to your client" section and with the real binary (version, tools/list, the
# credential variables it reads); `mcpb validate` accepts the MCP Bundle manifest and
# manifests/mcpb/pack.sh builds a bundle. Node's test runner, like tests/integration; needs
# `npm ci --prefix tests` (the pinned @anthropic-ai/mcpb CLI), checked by integration.deps.

find_program(NODE_EXECUTABLE NAMES node nodejs)

if(NOT NODE_EXECUTABLE)
  message(WARNING "node not found: manifest tests (tests/manifests) are not registered")
else()
  if(TARGET trakt-mcp)
    set(_trakt_mcp_manifests_bin "$<TARGET_FILE:trakt-mcp>")
  else()
    set(_trakt_mcp_manifests_bin "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/trakt-mcp")
  endif()

  add_test(NAME manifests
           COMMAND ${NODE_EXECUTABLE} --test --test-reporter=spec
                   ${CMAKE_CURRENT_LIST_DIR}/manifests.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(manifests PROPERTIES
    ENVIRONMENT "TRAKT_MCP_BIN=${_trakt_mcp_manifests_bin}"
    FIXTURES_REQUIRED trakt_mcp_integration_deps
    LABELS manifests
    TIMEOUT 120)
endif()
