# Packaging: what users install, installed the way they install it.

# ---- npm (tests/packaging/npm.test.mjs) -----------------------------------------
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
# ---- end npm ---------------------------------------------------------------------

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

# ---- OCI image (tests/packaging/oci.test.mjs) ----------------------------------
# packaging.oci_build makes the image from the .deb above (scripts/package-oci:
# mmdebstrap + umoci, into <build>/oci; exit 75 = archive not reachable, skipped);
# packaging.oci unpacks it with umoci and runs its entry point chrooted as the
# image's user against the stand-in, in a network namespace of its own (the
# image listens on the fixed port 8080).
if(NODE_EXECUTABLE AND CMAKE_BUILD_TYPE STREQUAL "Release")
  add_test(NAME packaging.oci_build
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/package-oci ${CMAKE_BINARY_DIR}/package ${CMAKE_BINARY_DIR}/oci)
  set_tests_properties(packaging.oci_build PROPERTIES
    FIXTURES_SETUP trakt_mcp_oci FIXTURES_REQUIRED trakt_mcp_deb
    SKIP_RETURN_CODE 75 LABELS packaging TIMEOUT 600)
  add_test(NAME packaging.oci
    COMMAND unshare --net -- sh -c "ip link set lo up && exec \"$@\"" sh
            ${NODE_EXECUTABLE} ${TRAKT_MCP_NODE_TEST_FLAGS} ${CMAKE_CURRENT_LIST_DIR}/oci.test.mjs
    WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(packaging.oci PROPERTIES
    ENVIRONMENT "TRAKT_MCP_OCI_IMAGE=${CMAKE_BINARY_DIR}/oci/trakt-mcp:${PROJECT_VERSION};TRAKT_MCP_PACKAGING_WORK=${CMAKE_CURRENT_BINARY_DIR}/packaging-oci;TRAKT_MCP_BIN=$<TARGET_FILE:trakt-mcp>"
    FIXTURES_REQUIRED "trakt_mcp_oci;trakt_mcp_integration_deps"
    SKIP_REGULAR_EXPRESSION "SKIPPED \\(tests/packaging\\)"
    LABELS packaging TIMEOUT 600)
endif()
# ---- end OCI image -------------------------------------------------------------
