#pragma once
// The page that asks the person, before anything goes to Trakt, whether this
// client may act for them ("confused deputy": every client reaches Trakt
// through our one Trakt app). Plain HTML5, no script, no frames.

#include "auth/settings.hpp"
#include "support/web.hpp"

#include <optional>
#include <string>

namespace auth {

struct ConsentView {
  std::string client_name;    // as registered (may be hostile: escaped here)
  std::string redirect_uri;   // its host is shown prominently
  std::string metadata_url;   // a client ID metadata document's URL (its client_id), or ""
  std::string request_token;  // the form's hidden `request`
  std::optional<std::string> signed_in_as;
  std::string upstream_origin;  // where Allow may redirect (CSP form-action)
};

support::WebResponse consent_page(const Settings& settings, const ConsentView& view);

}  // namespace auth
