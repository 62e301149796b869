#pragma once
// Failures we expect (network, upstream status, auth, bad input) travel as
// values; each carries a sentence a person can act on.

#include <boost/system/result.hpp>

#include <stdexcept>
#include <string>

namespace trakt {

enum class FailureKind {
  not_logged_in,   // no usable token: the user must run `trakt-mcp login`
  config,          // missing or wrong local configuration
  network,         // could not reach Trakt, or the connection broke
  tls,             // certificate or TLS handshake refused
  timeout,         // Trakt did not answer in time
  rate_limited,    // 429 beyond what we are willing to wait
  upstream,        // Trakt answered with an error status
  not_found,       // Trakt answered 404: no such title, show or item
  account_limit,   // Trakt answered 420: the account has as many lists (or items) as it may
  maybe_applied,   // a write that is not safe to repeat lost its answer: it may or may not have happened
  bad_response,    // Trakt answered something we cannot read
  storage,         // reading or writing the token file failed
  cancelled,       // the client cancelled the request
};

struct Failure {
  FailureKind kind;
  std::string message;
};

// Lets result<T, Failure>::value() throw something readable.
[[noreturn]] inline void throw_exception_from_error(const Failure& f, const boost::source_location&) {
  throw std::runtime_error(f.message);
}

template <class T>
using Result = boost::system::result<T, Failure>;

}  // namespace trakt
