#include "auth/consent_page.hpp"

#include "auth/responses.hpp"
#include "support/crypto.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <vector>

namespace auth {
namespace urls = boost::urls;

namespace {

std::string host_of(std::string_view uri) {
  auto parsed = urls::parse_absolute_uri(uri);
  if (!parsed) return std::string(uri);
  return std::string(parsed->encoded_host_and_port());
}

}  // namespace

std::string consent_fingerprint(const store::Client& client) {
  // JSON, so that no name or URI can pass for another split differently; the
  // URIs as a set (their order allows nothing more).
  std::vector<std::string> sorted = client.redirect_uris;
  std::sort(sorted.begin(), sorted.end());
  boost::json::array uris;
  for (const auto& uri : sorted) uris.emplace_back(uri);
  boost::json::array seen;
  seen.emplace_back(client.name);
  seen.emplace_back(std::move(uris));
  return support::sha256_base64url(boost::json::serialize(seen));
}

support::WebResponse consent_page(const Settings& settings, const ConsentView& view) {
  const std::string product = html_escape(settings.product_name);
  const std::string name = view.client_name.empty() ? std::string("An app that gave no name")
                                                    : "The app \u201c" + html_escape(view.client_name) + "\u201d";
  std::string body;
  body += "<p>" + name + " asks to use your Trakt account through " + product + ".</p>\n";
  if (!view.metadata_url.empty())
    body += "<p>It is described by <strong>" + html_escape(host_of(view.metadata_url)) +
            "</strong>, which publishes its name and return addresses.</p>\n";
  body += "<p>If you allow it, you are sent back to:</p>\n<p class=\"host\">" + html_escape(host_of(view.redirect_uri)) +
          "</p>\n";
  body += "<p>It will be able to read and change your Trakt watchlist, history, ratings and check-ins through " +
          product + ".</p>\n";
  if (view.signed_in_as) {
    body += "<p>Signed in to Trakt as <strong>" + html_escape(*view.signed_in_as) + "</strong>.</p>\n";
  } else {
    body += "<p>If you allow it, you sign in at Trakt next.</p>\n";
  }
  body += "<p>Allow only if you started this from an app you trust and recognise the address above.</p>\n";
  body += "<form method=\"post\" action=\"/authorize/decision\">\n";
  body += "<input type=\"hidden\" name=\"request\" value=\"" + html_escape(view.request_token) + "\">\n";
  body += "<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\n";
  body += "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n";
  body += "</form>\n";

  // Chromium applies form-action to the redirect that follows the POST too:
  // allow the two places the decision sends the browser on to.
  std::string form_action = "'self'";
  for (const auto& origin : {origin_of(view.redirect_uri), view.upstream_origin}) {
    if (!origin.empty() && origin.find_first_of(" ;,'\"") == std::string::npos) form_action += " " + origin;
  }
  return html_page(200, "Allow access to your Trakt account?", body, form_action);
}

}  // namespace auth
