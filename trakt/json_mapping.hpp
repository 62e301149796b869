#pragma once
// What the model files (model.cpp, search_model.cpp, up_next_model.cpp,
// details_model.cpp) share when they read Trakt's JSON with tag_invoke:
// Trakt text made safe for one line, optional fields copied out, and optional
// fields written back only when present.

#include "support/json_fields.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/error_code.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace trakt::mapping {

// The error a tag_invoke returns for JSON of the wrong shape.
inline const boost::system::error_code shape_error = std::make_error_code(std::errc::invalid_argument);

// Trakt text on one line: C0 controls, DEL, C1 controls (U+0080..U+009F, e.g.
// NEXT LINE) and the Unicode line and paragraph separators become spaces.
std::string one_line(std::string_view s);
// The same, with runs of spaces made one and no space at either end (overviews
// come with blank lines between paragraphs).
std::string one_line_collapsed(std::string_view s);

// An owned copy of a string field: the model outlives the JSON it was read from.
inline std::optional<std::string> opt_string(const boost::json::object& o, std::string_view key) {
  auto s = support::string_field(o, key);
  return s ? std::optional<std::string>(*s) : std::nullopt;
}

// A field read as T, or nullopt when absent, null or of another shape.
template <class T>
std::optional<T> opt_object(const boost::json::object& o, std::string_view key) {
  const auto* v = support::field(o, key);
  if (!v) return std::nullopt;
  auto r = boost::json::try_value_to<T>(*v);
  if (!r) return std::nullopt;
  return std::move(*r);
}

// Writes `key` only when there is a value: structuredContent has no nulls.
// Converted in place, in o's storage.
template <class T>
void put(boost::json::object& o, std::string_view key, const std::optional<T>& v) {
  if (v) boost::json::value_from(*v, o[key]);
}

}  // namespace trakt::mapping
