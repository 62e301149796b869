# Packaging: what users install, installed the way they install it.

# ---- Debian package (tests/packaging/deb.test.mjs) ---------------------------
# packaging.deb_build makes the .deb of this build (CPack, cmake/packaging.cmake)
# in <build>/package; packaging.deb installs it with apt-get into fresh Debian 12
# and 13 roots (mmdebstrap, cached in build/debian-roots) and talks MCP to it.
# Release builds only: the package is made of the Release binary. Needs root and
# Debian's archive (deb.debian.org); skips, saying so, when the archive is not
# reachable.
if(NODE_EXECUTABLE AND CMAKE_BUILD_TYPE STREQUAL "Release")
  add_test(NAME packaging.deb_build
    COMMAND ${CMAKE_CPACK_COMMAND} --config ${CMAKE_BINARY_DIR}/CPackConfig.cmake -B ${CMAKE_BINARY_DIR}/package)
  set_tests_properties(packaging.deb_build PROPERTIES
    FIXTURES_SETUP trakt_mcp_deb LABELS packaging TIMEOUT 300)
  add_test(NAME packaging.deb
    COMMAND ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/deb.test.mjs
    WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(packaging.deb PROPERTIES
    ENVIRONMENT "TRAKT_MCP_VERSION=${PROJECT_VERSION};TRAKT_MCP_DEB_DIR=${CMAKE_BINARY_DIR}/package;TRAKT_MCP_ROOTS_DIR=${PROJECT_SOURCE_DIR}/build/debian-roots;TRAKT_MCP_PACKAGING_WORK=${CMAKE_CURRENT_BINARY_DIR}/packaging-deb"
    FIXTURES_REQUIRED trakt_mcp_deb
    SKIP_REGULAR_EXPRESSION "SKIPPED \\(tests/packaging\\)"
    LABELS packaging
    TIMEOUT 900)
endif()
# ---- end Debian package --------------------------------------------------------
