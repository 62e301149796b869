#pragma once
// The page that asks the person, before anything goes to Trakt, whether this
// client may act for them ("confused deputy": every client reaches Trakt
// through our one Trakt app). Plain HTML5, no script, no frames.

#include "auth/settings.hpp"
#include "store/store.hpp"
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

// What a person who consents has seen of the client: its name and redirect
// URIs (in any order), hashed. A remembered consent counts only while the client's record
// (a metadata document read again, say) gives the same.
std::string consent_fingerprint(const store::Client& client);

}  // namespace auth
