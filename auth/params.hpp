#pragma once
// Reading what a browser or client sent: query strings and form bodies
// (application/x-www-form-urlencoded, with Boost.URL), and cookies.

#include "support/web.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace auth {

class Params {
public:
  // nullopt when the text is not a valid query (bad percent escapes).
  static std::optional<Params> parse(std::string_view encoded);
  // The query part of a request target ("" when there is none).
  static std::optional<Params> from_target(std::string_view target);

  // RFC 6749 3.1: a parameter sent without a value is treated as omitted.
  std::optional<std::string> get(std::string_view name) const;
  std::string value(std::string_view name) const { return get(name).value_or(std::string()); }
  // A parameter given more than once (RFC 6749 3.1: an invalid request).
  bool repeated(std::string_view name) const;
  // The first of `names` given more than once, or "".
  std::string_view first_repeated(std::initializer_list<std::string_view> names) const;

private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// The named cookie's value from the Cookie header, or "".
std::string cookie(const support::WebRequest& request, std::string_view name);

// True when the request's Content-Type is that media type (parameters ignored).
bool has_media_type(const support::WebRequest& request, std::string_view type);

// A random token as random_token() makes them: 43 base64url characters.
bool looks_like_token(std::string_view text);

}  // namespace auth
