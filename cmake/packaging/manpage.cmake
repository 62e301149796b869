# cmake -DBINARY=... -DAWK=... -DGZIP=... -DVERSION=... -DOUT=trakt-mcp.1.gz -P manpage.cmake
# The man page from the binary's own --help (manpage.awk), the sections that
# --help does not carry (manpage-tail.roff) after it, compressed as Debian
# wants it (gzip -9n: no name or time stamp inside, so the same page twice is
# the same bytes). The date is SOURCE_DATE_EPOCH's when set.
string(TIMESTAMP date "%Y-%m-%d" UTC)
get_filename_component(here "${CMAKE_CURRENT_LIST_FILE}" DIRECTORY)
string(REGEX REPLACE "\\.gz$" "" page "${OUT}")
execute_process(
  COMMAND "${BINARY}" --help
  COMMAND "${AWK}" -v "version=${VERSION}" -v "date=${date}" -f "${here}/manpage.awk"
  OUTPUT_FILE "${page}"
  RESULTS_VARIABLE results)
foreach(r IN LISTS results)
  if(NOT r EQUAL 0)
    message(FATAL_ERROR "man page: `${BINARY} --help | awk -f manpage.awk` failed (${results})")
  endif()
endforeach()
file(READ "${here}/manpage-tail.roff" tail)
file(APPEND "${page}" "${tail}")
execute_process(COMMAND "${GZIP}" -9nf "${page}" RESULT_VARIABLE r)
if(NOT r EQUAL 0)
  message(FATAL_ERROR "man page: gzip failed")
endif()
