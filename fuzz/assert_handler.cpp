// BOOST_ASSERT handler for the fuzz build (-DBOOST_ENABLE_ASSERT_HANDLER in
// the `fuzz` preset): every Boost assertion aborts, so libFuzzer reports it,
// except one that is known to be wrong in Boost 1.81:
//
//   beast/http/impl/basic_parser.ipp parse_chunk_header: BOOST_ASSERT(n >= 5)
//   fires when a chunked body's last chunk "0\r\n" and the final "\r\n"
//   arrive in separate reads. The code after it correctly asks for more
//   input; Beast fixed the assertion in boostorg/beast#2861 (Boost 1.86).
//   Release builds (NDEBUG) never evaluate it. Reproducer:
//   fuzz/corpus/http_response/beast-2861-final-chunk-split.

#include <boost/assert.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace boost {

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  const char* slash = std::strrchr(file, '/');
  const char* base = slash ? slash + 1 : file;
  if (std::strcmp(base, "basic_parser.ipp") == 0 && std::strcmp(expr, "n >= 5") == 0) return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
  std::abort();
}

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed: %s\n", file, line, function, expr, msg);
  std::abort();
}

}  // namespace boost
