# The GCC 12 coroutine rules (docs/ARCHITECTURE.md, "Rules that keep it this way"),
# checked by scripts/check-coroutines: the tree follows them, and the checker
# catches each rule broken in tests/coroutines/cases/bad.cpp and nothing in good.cpp.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the coroutine-rule check is not registered")
  return()
endif()
add_test(NAME coroutines.tree
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/check-coroutines
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME coroutines.detects_violations
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/selftest.py)
set_tests_properties(coroutines.tree coroutines.detects_violations PROPERTIES LABELS unit)
