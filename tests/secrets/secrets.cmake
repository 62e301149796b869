# Secrets test (tests/secrets/secrets.test.mjs): drives every path that touches tokens with
# debug logging on both sides and checks that no token, device code or client secret reaches
# stdout, stderr or an MCP message; token file 0600 and folder 0700 after refresh and login.
# Same fixture and lock as the integration tests.

find_program(NODE_EXECUTABLE NAMES node nodejs)
if(NODE_EXECUTABLE)
  if(TARGET trakt-mcp)
    set(_trakt_mcp_secrets_bin "$<TARGET_FILE:trakt-mcp>")
  else()
    set(_trakt_mcp_secrets_bin "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/trakt-mcp")
  endif()
  add_test(NAME secrets
           COMMAND ${NODE_EXECUTABLE} --test --test-reporter=spec ${CMAKE_CURRENT_LIST_DIR}/secrets.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(secrets PROPERTIES
    ENVIRONMENT "TRAKT_MCP_BIN=${_trakt_mcp_secrets_bin}"
    FIXTURES_REQUIRED trakt_mcp_integration_deps
    RESOURCE_LOCK trakt_mcp_integration
    LABELS "integration;secrets"
    TIMEOUT 600)
endif()
