# The layering rule, checked at build time by check_layering.cmake: which
# top-level folders each folder's sources may include from. Every library
# target depends on `layering`, so a wrong include stops the build before any
# compilation.
set(TRAKT_MCP_LAYERS
  "support=support"
  "mcp=support,mcp"
  "transport=support,mcp,transport"
  "trakt=support,mcp,trakt"
  "store=support,store"
  "app=support,mcp,transport,trakt,store,auth,app"
  "auth=support,store,auth"
  "tests/unit/support=support"
  "tests/unit/mcp=support,mcp"
  "tests/unit/transport=support,mcp,transport"
  "tests/unit/trakt=support,mcp,trakt"
  "tests/unit/store=support,store"
  "tests/unit/auth=support,store,auth"
  "tests/unit/app=support,mcp,transport,trakt,store,auth,app")

file(GLOB_RECURSE _trakt_mcp_layered_sources CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/support/*.?pp ${PROJECT_SOURCE_DIR}/mcp/*.?pp
  ${PROJECT_SOURCE_DIR}/transport/*.?pp ${PROJECT_SOURCE_DIR}/trakt/*.?pp
  ${PROJECT_SOURCE_DIR}/app/*.?pp ${PROJECT_SOURCE_DIR}/store/*.?pp
  ${PROJECT_SOURCE_DIR}/tests/unit/*.?pp
  ${PROJECT_SOURCE_DIR}/auth/*.?pp)

string(REPLACE ";" "|" _trakt_mcp_layers_arg "${TRAKT_MCP_LAYERS}")
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/layering.stamp
  COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} "-DLAYERS=${_trakt_mcp_layers_arg}"
          -P ${PROJECT_SOURCE_DIR}/cmake/check_layering.cmake
  COMMAND ${CMAKE_COMMAND} -E touch ${CMAKE_BINARY_DIR}/layering.stamp
  DEPENDS ${_trakt_mcp_layered_sources} ${PROJECT_SOURCE_DIR}/cmake/check_layering.cmake
  COMMENT "Checking that includes follow the layering (cmake/layering.cmake)"
  VERBATIM)
add_custom_target(layering DEPENDS ${CMAKE_BINARY_DIR}/layering.stamp)
