#pragma once
// Tolerant reading of JSON that comes from elsewhere (Trakt's answers, files
// people edit by hand): a missing key, a null, a value of the wrong type or a
// container that is not an object all read as "absent", never as an
// exception. Pointers and views point into the JSON passed in, so temporaries
// are refused.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace support {

// How deeply any JSON we parse may nest (MCP messages, Trakt's answers, files):
// deeper is refused as an error, never a stack overflow.
inline constexpr std::size_t max_json_depth = 64;

// The value at `key`, or nullptr when it is missing or null (Trakt sends null
// for "unknown", which callers treat like a missing key).
inline const boost::json::value* field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

// As above; nullptr too when `v` is not an object.
inline const boost::json::value* field(const boost::json::value& v, std::string_view key) {
  const auto* o = v.if_object();
  return o ? field(*o, key) : nullptr;
}

const boost::json::value* field(boost::json::object&&, std::string_view) = delete;
const boost::json::value* field(boost::json::value&&, std::string_view) = delete;

// The string at `key` (possibly empty), or nullopt.
template <class Json>
std::optional<std::string_view> string_field(const Json& j, std::string_view key) {
  const auto* v = field(j, key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

template <class Json>
std::optional<std::string_view> string_field(const Json&& j, std::string_view key) = delete;

// The integer at `key`, or nullopt when it is not a number or does not fit
// `Int` exactly (2.0 reads as 2; 2.5 and 1e300 read as absent).
template <class Int = std::int64_t, class Json>
std::optional<Int> int_field(const Json& j, std::string_view key) {
  const auto* v = field(j, key);
  if (!v || !v->is_number()) return std::nullopt;
  boost::system::error_code ec;
  const auto n = v->template to_number<Int>(ec);
  if (ec) return std::nullopt;
  return n;
}

// The object at `key`, or nullptr.
template <class Json>
const boost::json::object* object_field(const Json& j, std::string_view key) {
  const auto* v = field(j, key);
  return v ? v->if_object() : nullptr;
}

template <class Json>
const boost::json::object* object_field(const Json&& j, std::string_view key) = delete;

}  // namespace support
