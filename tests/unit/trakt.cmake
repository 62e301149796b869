# Unit tests of the Trakt side (trakt_core): token file, token manager, model
# mapping and lines, status advice, origin parsing and tool argument checks,
# the API client's retries and pagination. No network: the token manager and
# the API client run on an io_context with a fake clock, a fake refresher and
# a scripted sender. Paths are relative to this file so it can be included from
# tests/CMakeLists.txt or any other tree.
add_executable(trakt_tests
  ${CMAKE_CURRENT_LIST_DIR}/trakt/tokens_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/token_manager_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/model_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/playback_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/api_tools_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/details_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/up_next_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/year_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/api_public_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/read_cache_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/api_write_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/sync_items_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/https_client_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/shape_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/tool_outputs_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/lists_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/people_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/poster_cache_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/app_views_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trakt/api_test.cpp)
target_include_directories(trakt_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(trakt_tests PRIVATE trakt_core GTest::gtest_main trakt_mcp_warnings)
gtest_discover_tests(trakt_tests DISCOVERY_MODE PRE_TEST NO_PRETTY_VALUES
  PROPERTIES LABELS unit)
