# Writes OUTPUT, a C++ file defining `std::string_view NAME()` over the bytes
# of INPUT, so a file (an MCP App's HTML) is part of the binary without being
# read at run time. Run as: cmake -DINPUT=.. -DOUTPUT=.. -DNAME=.. -P embed.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
# Lines of 16 bytes, for readable diffs of the generated file.
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
     "// Generated from ${INPUT} by cmake/embed.cmake: do not edit.\n"
     "#include <string_view>\n"
     "namespace {\nconstexpr char data[${size} + 1] = {\n${bytes}'\\0'};\n}\n"
     "std::string_view ${NAME}() { return {data, ${size}}; }\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
