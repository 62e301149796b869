# What `cmake --install` puts where, and the Debian package made of it (CPack
# DEB). scripts/package-deb builds the package from a Release build into
# build/package/; tests/packaging/deb installs it into fresh Debian 12 and 13.
#
# Installed (prefix /usr in the package, /usr/local by default otherwise):
#   bin/trakt-mcp                                   (app/CMakeLists.txt)
#   share/man/man1/trakt-mcp.1.gz                   made from `trakt-mcp --help` at build time
#   <unit dir>/trakt-mcp.service                    deploy/systemd's unit, ExecStart pointing at bin/
#   share/doc/trakt-mcp/examples/haproxy.cfg        deploy/haproxy/trakt-mcp.cfg
#   share/doc/trakt-mcp/examples/prometheus.yml     deploy/prometheus/prometheus.yml
#   share/doc/trakt-mcp/README.md, copyright, changelog.Debian.gz
# The unit dir is /lib/systemd/system when the prefix is /usr (where Debian 12's
# packages put units, and Debian 13 finds them through /lib -> usr/lib), else
# PREFIX/lib/systemd/system (systemd also reads /usr/local/lib/systemd/system).
include(GNUInstallDirs)

set(TRAKT_MCP_DEB_RELEASE 1 CACHE STRING "Debian revision of the package (the part after the project version)")
set(TRAKT_MCP_DEB_MAINTAINER "trakt-mcp contributors <trakt-mcp@users.noreply.github.com>"
    CACHE STRING "Maintainer field of the Debian package")
set(_pkg_dir ${CMAKE_BINARY_DIR}/packaging)
set(_pkg_src ${CMAKE_CURRENT_LIST_DIR}/packaging)

# --- Documents made at build time: the man page and Debian's changelog --------
find_program(TRAKT_MCP_AWK NAMES awk mawk gawk)
find_program(TRAKT_MCP_GZIP gzip)
if(TRAKT_MCP_AWK AND TRAKT_MCP_GZIP AND NOT CMAKE_CROSSCOMPILING)
  add_custom_command(OUTPUT ${_pkg_dir}/trakt-mcp.1.gz
    COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:trakt-mcp> -DAWK=${TRAKT_MCP_AWK} -DGZIP=${TRAKT_MCP_GZIP}
            -DVERSION=${PROJECT_VERSION} -DOUT=${_pkg_dir}/trakt-mcp.1.gz -P ${_pkg_src}/manpage.cmake
    DEPENDS trakt-mcp ${_pkg_src}/manpage.cmake ${_pkg_src}/manpage.awk ${_pkg_src}/manpage-tail.roff
    COMMENT "Man page trakt-mcp.1.gz from trakt-mcp --help")

  # Debian's changelog of a package that is not Debian's own: one entry, this
  # version. The day is SOURCE_DATE_EPOCH's when set (reproducible builds).
  string(TIMESTAMP _deb_date "%a, %d %b %Y 00:00:00 +0000" UTC)
  file(CONFIGURE OUTPUT ${_pkg_dir}/changelog.Debian CONTENT
"trakt-mcp (${PROJECT_VERSION}-${TRAKT_MCP_DEB_RELEASE}) unstable; urgency=medium

  * trakt-mcp ${PROJECT_VERSION}, packaged by CPack from the project's own
    build (cmake/packaging.cmake); not a package of the Debian archive.

 -- ${TRAKT_MCP_DEB_MAINTAINER}  ${_deb_date}
")
  add_custom_command(OUTPUT ${_pkg_dir}/changelog.Debian.gz
    COMMAND ${TRAKT_MCP_GZIP} -9nc ${_pkg_dir}/changelog.Debian > ${_pkg_dir}/changelog.Debian.gz
    DEPENDS ${_pkg_dir}/changelog.Debian
    COMMENT "changelog.Debian.gz")

  # Part of `all` in Release builds (what is packaged); elsewhere on request.
  if(CMAKE_BUILD_TYPE STREQUAL "Release")
    set(_docs_all ALL)
  endif()
  add_custom_target(trakt-mcp-docs ${_docs_all}
    DEPENDS ${_pkg_dir}/trakt-mcp.1.gz ${_pkg_dir}/changelog.Debian.gz)
  # OPTIONAL: a plain `cmake --install` of a build that did not make the docs
  # still installs the binary; scripts/package-deb builds them first, and the
  # package test checks that the man page is in the package.
  install(FILES ${_pkg_dir}/trakt-mcp.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 OPTIONAL)
  install(FILES ${_pkg_dir}/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DOCDIR} OPTIONAL)
endif()

install(FILES ${_pkg_src}/copyright ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/deploy/haproxy/trakt-mcp.cfg DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
        RENAME haproxy.cfg)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/prometheus/prometheus.yml DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# The systemd unit: deploy/systemd/trakt-mcp.service says /usr/local/bin (where
# a plain `cmake --install` puts the binary); the installed copy names the
# binary where this installation puts it. Decided at install time, when the
# prefix is known (CPack installs with prefix /usr, through DESTDIR).
install(CODE "
  set(TRAKT_MCP_UNIT_SOURCE \"${PROJECT_SOURCE_DIR}/deploy/systemd/trakt-mcp.service\")
  set(TRAKT_MCP_UNIT_WORK \"${_pkg_dir}/unit\")
  set(TRAKT_MCP_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  include(\"${_pkg_src}/install-unit.cmake\")
")

# --- The Debian package ---------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME trakt-mcp)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${TRAKT_MCP_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Trakt.tv for AI agents: a Model Context Protocol server")
# Absolute destinations (the unit in /lib) need the DESTDIR way of staging,
# which installs with CPACK_INSTALL_PREFIX as the prefix.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/package)
set(CPACK_STRIP_FILES ON)  # as Debian's own packages: no symbol table in /usr/bin/trakt-mcp
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # trakt-mcp_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE ${TRAKT_MCP_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/trakt-mcp/trakt-mcp")
# The summary above is its first line (CPack puts it there); then this.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"trakt-mcp lets AI agents (Claude Desktop and Claude Code, VS Code, Cursor,
Zed, scripts speaking JSON-RPC) answer questions about a person's Trakt.tv
account: what airs next, what to watch next, the watchlist, the history,
what a title is; and make the changes asked for (watchlist, history,
ratings, check-in).

Agents launch `trakt-mcp` over stdio; `trakt-mcp login` signs in once.
`trakt-mcp serve --http` serves many people (hosted mode, OAuth sign-in,
SQLite or PostgreSQL): a systemd unit and HAProxy and Prometheus examples
come with the package.")
# Depends from the binary itself (dpkg-shlibdeps): libc6, libssl3, libsqlite3-0.
# Boost and the C++ runtime are linked in. libpq is opened with dlopen only
# when TRAKT_MCP_STORE names PostgreSQL, so it is a suggestion; the CA
# certificates are data that OpenSSL reads, which no linker sees.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libpq5")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${_pkg_src}/postinst ${_pkg_src}/prerm ${_pkg_src}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
