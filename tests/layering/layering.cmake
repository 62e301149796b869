# The layering check itself: it passes on this tree, and it fails on a copy of
# a layer that includes a header from a layer above it.
add_test(NAME layering.tree
  COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} "-DLAYERS=${_trakt_mcp_layers_arg}"
          -P ${PROJECT_SOURCE_DIR}/cmake/check_layering.cmake)
add_test(NAME layering.detects_wrong_include
  COMMAND ${CMAKE_COMMAND} -DCHECKER=${PROJECT_SOURCE_DIR}/cmake/check_layering.cmake
          -DWORK=${CMAKE_CURRENT_BINARY_DIR}/layering-case -P ${CMAKE_CURRENT_LIST_DIR}/wrong_include.cmake)
set_tests_properties(layering.tree layering.detects_wrong_include PROPERTIES LABELS unit)
