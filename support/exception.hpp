#pragma once
// The message of an exception caught as an exception_ptr (a coroutine's
// completion hands one over), for a log line or an error answer.

#include <exception>
#include <string>

namespace support {

inline std::string describe(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace support
