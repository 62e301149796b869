# The hosted-mode consent page in a real headless browser (tests/browser/README.md): Debian's
# chromium driven by playwright-core (tests/node_modules), against the real binary and the
# Trakt stand-in.
if(NODE_EXECUTABLE)
  trakt_mcp_node_test(browser.consent
    COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/consent.test.mjs
    LABELS browser
    TIMEOUT 300)
endif()

# The MCP App views (trakt/ui/app.html) in the same chromium, inside a host page built on the
# official AppBridge, connected through the official SDK client to the real binary and the
# stand-in; writes screenshots to docs/app/.
if(NODE_EXECUTABLE)
  trakt_mcp_node_test(browser.app
    COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/app.test.mjs
    LABELS browser
    TIMEOUT 300)
endif()
