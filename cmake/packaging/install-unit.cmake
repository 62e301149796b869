# Runs at install time (install(CODE) in cmake/packaging.cmake), when
# CMAKE_INSTALL_PREFIX is the prefix being installed to: installs
# deploy/systemd/trakt-mcp.service with ExecStart naming the installed binary.
# Set by the caller: TRAKT_MCP_UNIT_SOURCE, TRAKT_MCP_UNIT_WORK, TRAKT_MCP_BINDIR.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(_unit_dir /lib/systemd/system)  # Debian 12's place; Debian 13 reads it through /lib -> usr/lib
else()
  set(_unit_dir "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
endif()
if(IS_ABSOLUTE "${TRAKT_MCP_BINDIR}")
  set(_bin "${TRAKT_MCP_BINDIR}/trakt-mcp")
else()
  set(_bin "${CMAKE_INSTALL_PREFIX}/${TRAKT_MCP_BINDIR}/trakt-mcp")
endif()
file(READ "${TRAKT_MCP_UNIT_SOURCE}" _unit)
string(REPLACE "ExecStart=/usr/local/bin/trakt-mcp " "ExecStart=${_bin} " _installed "${_unit}")
if(_installed STREQUAL _unit AND NOT _bin STREQUAL "/usr/local/bin/trakt-mcp")
  message(FATAL_ERROR "${TRAKT_MCP_UNIT_SOURCE}: no `ExecStart=/usr/local/bin/trakt-mcp ` line to point at ${_bin}")
endif()
file(WRITE "${TRAKT_MCP_UNIT_WORK}/trakt-mcp.service" "${_installed}")
file(INSTALL DESTINATION "${_unit_dir}" TYPE FILE PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${TRAKT_MCP_UNIT_WORK}/trakt-mcp.service")
