// libFuzzer target: HTTP/1.1 responses as the Trakt client reads them:
// beast::http::response_parser<string_body> with the limits of
// trakt/https_client.cpp (body 32 MiB as HttpsOptions::max_body_bytes, header
// 64 KiB), fed the bytes in pieces whose sizes come from the input itself
// (as TLS records would split them), then the same checks the client makes
// (keep_alive, status, the headers api.cpp reads).

#include "trakt/https_client.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "http_response: %s\n", what);
  std::abort();
}

void use_response(const trakt::HttpResponse& r) {
  (void)r.keep_alive();
  (void)r.result_int();
  // Headers the API client reads.
  for (auto name : {"X-Pagination-Page-Count", "X-Pagination-Item-Count", "Retry-After", "Content-Type"}) {
    auto it = r.find(name);
    if (it != r.end()) {
      std::string_view v(it->value().data(), it->value().size());
      long n = 0;
      (void)std::from_chars(v.data(), v.data() + v.size(), n);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // First byte: the piece size (1..256); the rest is the stream.
  if (size < 1) return 0;
  const std::size_t piece = std::size_t(data[0]) + 1;
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  const trakt::HttpsOptions defaults;
  http::response_parser<http::string_body> parser;
  parser.body_limit(defaults.max_body_bytes);
  parser.header_limit(64 * 1024);

  // As http::read does: a dynamic buffer that keeps unconsumed bytes.
  beast::flat_buffer buffer;
  beast::error_code ec;
  while (!parser.is_done()) {
    if (stream.empty()) {
      // EOF, as http::read handles it: end_of_stream before any byte, else put_eof.
      if (parser.got_some()) parser.put_eof(ec);
      else ec = http::error::end_of_stream;
      break;
    }
    const std::size_t n = std::min(piece, stream.size());
    auto mb = buffer.prepare(n);
    std::memcpy(mb.data(), stream.data(), n);
    buffer.commit(n);
    stream.remove_prefix(n);
    for (;;) {
      const std::size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec || parser.is_done() || used == 0) break;
    }
    if (ec) break;
  }
  if (!ec && parser.is_done()) {
    if (parser.get().body().size() > defaults.max_body_bytes) fail("body over the limit");
    trakt::HttpResponse r = parser.release();
    use_response(r);
  }
  return 0;
}
