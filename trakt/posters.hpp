#pragma once
// Posters for an MCP App (ext-apps): the resource template
// trakt://poster/{kind}/{id}. Trakt forbids hotlinking its images and asks
// apps to cache them, so the page never loads one itself: it reads the
// resource through its host, and the server fetches each poster once from
// Trakt's image host (TraktApi::get_media) into a bounded disk cache
// (PosterCache, the config folder's posters/). A title whose image cannot be
// had is answered with its colours (Trakt's colors.poster) for the page to
// draw instead.

#include "mcp/resource.hpp"
#include "trakt/https_client.hpp"

namespace trakt {

// Adds the template when get_details is offered (its summary names the
// image); the cache is made on the first read, from TRAKT_MCP_POSTER_CACHE_MB
// (default 64; 0 keeps nothing on disk).
void register_posters(mcp::ResourceRegistry& registry, const mcp::ToolRegistry& tools);

// The image host's client options: those of the API (`api`), with at most
// 10 s for an answer, since a page waits on each poster and its colours do as well.
HttpsOptions image_host_options(HttpsOptions api);

// Whether a Content-Type is WebP, the only image passed on to the page.
bool is_webp(std::string_view content_type);

}  // namespace trakt
