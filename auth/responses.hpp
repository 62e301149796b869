#pragma once
// The shapes every endpoint answers with: JSON (OAuth errors per RFC 6749
// 5.2), HTML pages with the headers that keep them out of frames and caches,
// and redirects whose query is built with Boost.URL.

#include "support/web.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace auth {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

support::WebResponse json_response(int status, const boost::json::object& body);
// {"error": error, "error_description": description}, with Cache-Control: no-store.
support::WebResponse oauth_error(int status, std::string_view error, std::string_view description);

std::string html_escape(std::string_view text);
// A whole HTML5 page; body_html is inserted as is (escape what goes into it).
// form_action: the CSP form-action sources ("'self'" at least).
support::WebResponse html_page(int status, std::string_view title, std::string_view body_html,
                               std::string_view form_action = "'self'");
// A page that says what went wrong; message is escaped.
support::WebResponse error_page(int status, std::string_view title, std::string_view message);

// `url` with the params appended to its query (existing ones kept); the url
// when it does not parse (callers pass registered, checked URIs only).
std::string with_params(std::string_view url, const QueryParams& params);
support::WebResponse redirect(std::string location);

support::WebResponse method_not_allowed(std::string_view allow);

// "scheme://host[:port]" of an absolute URL, or "" when it has none.
std::string origin_of(std::string_view url);

}  // namespace auth
