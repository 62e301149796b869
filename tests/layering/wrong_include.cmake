cmake_minimum_required(VERSION 3.25)
# Builds a tiny tree where mcp/ includes trakt/ and transport/ includes app/,
# runs the layering check on it, and passes only when the check fails naming both.
file(REMOVE_RECURSE "${WORK}")
file(WRITE "${WORK}/mcp/ok.cpp" "#include \"support/log.hpp\"\n#include <vector>\n")
file(WRITE "${WORK}/mcp/bad.cpp" "#include \"mcp/server.hpp\"\n#include \"trakt/api.hpp\"\n")
file(WRITE "${WORK}/transport/bad.hpp" "#pragma once\n  #  include \"app/commands.hpp\"\n")
file(WRITE "${WORK}/trakt/fine.cpp" "#include \"mcp/tool.hpp\"\n")
execute_process(
  COMMAND ${CMAKE_COMMAND} -DROOT=${WORK}
          "-DLAYERS=support=support|mcp=support,mcp|transport=support,mcp,transport|trakt=support,mcp,trakt|app=support,mcp,transport,trakt,app"
          -P ${CHECKER}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "the layering check passed a tree where mcp/ includes trakt/:\n${out}${err}")
endif()
foreach(expected "mcp/bad.cpp includes \"trakt/...\"" "transport/bad.hpp includes \"app/...\"" "2 include")
  string(FIND "${err}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the layering check's report lacks '${expected}':\n${err}")
  endif()
endforeach()
string(FIND "${err}" "ok.cpp" ok_at)
string(FIND "${err}" "fine.cpp" fine_at)
if(NOT ok_at EQUAL -1 OR NOT fine_at EQUAL -1)
  message(FATAL_ERROR "the layering check flagged an allowed include:\n${err}")
endif()
