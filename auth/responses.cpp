#include "auth/responses.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

namespace auth {
namespace json = boost::json;
namespace urls = boost::urls;

support::WebResponse json_response(int status, const json::object& body) {
  support::WebResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = json::serialize(body);
  return r;
}

support::WebResponse oauth_error(int status, std::string_view error, std::string_view description) {
  auto r = json_response(status, {{"error", error}, {"error_description", description}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

support::WebResponse html_page(int status, std::string_view title, std::string_view body_html,
                               std::string_view form_action) {
  support::WebResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  // No scripts, no frames, forms post only where the flow goes next.
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; form-action " + std::string(form_action) +
                             "; frame-ancestors 'none'; base-uri 'none'");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.body = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           html_escape(title) +
           "</title>\n<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;"
           "padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1.25rem;margin:0 .5rem .5rem 0}"
           ".host{font-size:1.25rem;font-weight:bold}</style>\n</head>\n<body>\n<main>\n<h1>" +
           html_escape(title) + "</h1>\n" + std::string(body_html) + "</main>\n</body>\n</html>\n";
  return r;
}

support::WebResponse error_page(int status, std::string_view title, std::string_view message) {
  return html_page(status, title, "<p>" + html_escape(message) + "</p>\n");
}

std::string with_params(std::string_view url, const QueryParams& params) {
  auto parsed = urls::parse_uri_reference(url);
  if (!parsed) return std::string(url);
  urls::url u(*parsed);
  for (const auto& [k, v] : params) u.params().append({k, v});
  return std::string(u.buffer());
}

support::WebResponse redirect(std::string location) {
  support::WebResponse r;
  r.status = 302;
  r.headers.emplace_back("Location", std::move(location));
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
}

support::WebResponse method_not_allowed(std::string_view allow) {
  auto r = oauth_error(405, "invalid_request", "method not allowed");
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

std::string origin_of(std::string_view url) {
  auto parsed = urls::parse_absolute_uri(url);
  if (!parsed || !parsed->has_authority()) return {};
  std::string out(parsed->scheme());
  out += "://";
  out += parsed->encoded_host_and_port();
  return out;
}

}  // namespace auth
