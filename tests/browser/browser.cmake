# The hosted-mode consent page in a real headless browser (tests/browser/README.md): Debian's
# chromium driven by playwright-core (tests/node_modules), against the real binary and the
# Trakt stand-in.
if(NODE_EXECUTABLE)
  trakt_mcp_node_test(browser.consent
    COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/consent.test.mjs
    LABELS browser
    TIMEOUT 300)
endif()
