// libFuzzer target: Trakt response bodies through the model mapping.
// The bytes are parsed as JSON with the production limit (api.cpp:
// max_depth 64); each array element and the whole value go through
// try_value_to<CalendarEntry|WatchlistItem|HistoryItem>; every success is
// formatted as a text line and mapped back with value_from. Checked: no line
// break, control character, U+2028/9 or "null"/"undefined" leaks into a line,
// lines are valid UTF-8 when the input strings were, and no null appears
// anywhere in the structuredContent tree.

#include "support/json_fields.hpp"
#include "support/time.hpp"
#include "trakt/lines.hpp"
#include "trakt/text.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace json = boost::json;

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "trakt_model: %s: %.*s\n", what, int(detail.size()), detail.data());
  std::abort();
}

void no_null(const json::value& v, const std::string& line) {
  switch (v.kind()) {
    case json::kind::null:
      fail("null in structuredContent", json::serialize(v) + " for line " + line);
    case json::kind::object:
      for (const auto& [k, x] : v.get_object()) no_null(x, line);
      break;
    case json::kind::array:
      for (const auto& x : v.get_array()) no_null(x, line);
      break;
    default:
      break;
  }
}

void check_line(const std::string& line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c == 0x7f) fail("control character in a line", line);
    if (c == 0xc2 && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(line[i + 1]) <= 0x9f)
      fail("C1 control in a line", line);
    if (c == 0xe2 && i + 2 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(line[i + 2]) == 0xa8 || static_cast<unsigned char>(line[i + 2]) == 0xa9))
      fail("U+2028/U+2029 in a line", line);
  }
  if (line.empty()) fail("empty line", line);
}

template <class T>
void map_one(const json::value& v) {
  auto r = json::try_value_to<T>(v);
  if (!r) return;
  const std::string line = trakt::format_line(*r);
  check_line(line);
  json::value back = json::value_from(*r);
  no_null(back, line);
  // The structured form must serialize (it goes into a JSON-RPC message).
  (void)json::serialize(back);
}

void map_all(const json::value& v) {
  map_one<trakt::CalendarEntry>(v);
  map_one<trakt::WatchlistItem>(v);
  map_one<trakt::HistoryItem>(v);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Dates are formatted in the local zone: make it fixed and not UTC, so
  // day boundaries are exercised.
  setenv("TZ", "Pacific/Kiritimati", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  json::parse_options opts;
  opts.max_depth = support::max_json_depth;  // as api.cpp parse_body
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(reinterpret_cast<const char*>(data), size), ec, {}, opts);
  if (ec) return 0;
  map_all(v);
  if (const auto* a = v.if_array())
    for (const auto& item : *a) map_all(item);
  // The date helpers on any string the value holds at the top.
  if (const auto* s = v.if_string()) {
    (void)support::parse_utc_timestamp(*s);
    (void)trakt::text::local_date(*s);
  }
  return 0;
}
