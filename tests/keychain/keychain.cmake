# The keychain token store against a fake `security` program (tests/keychain/security).
if(NODE_EXECUTABLE)
  add_test(NAME integration.keychain
           COMMAND ${NODE_EXECUTABLE} --test --test-reporter=spec ${CMAKE_CURRENT_LIST_DIR}/keychain.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(integration.keychain PROPERTIES
    ENVIRONMENT "TRAKT_MCP_BIN=$<TARGET_FILE:trakt-mcp>"
    FIXTURES_REQUIRED trakt_mcp_integration_deps
    RESOURCE_LOCK trakt_mcp_integration
    LABELS integration
    TIMEOUT 300)
endif()
