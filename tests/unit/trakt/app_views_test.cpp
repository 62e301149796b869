// The MCP App's declarations: which tools name a view, the page each view
// gets, and the poster reference written into structuredContent.

#include "trakt/app_views.hpp"
#include "trakt/model/media.hpp"
#include "trakt/posters.hpp"
#include "trakt/resources.hpp"
#include "trakt/tools/tool_support.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace {

namespace json = boost::json;

TEST(AppViews, AToolNamesItsViewInBothForms) {
  EXPECT_EQ(json::serialize(trakt::app_view("up-next")),
            R"({"ui":{"resourceUri":"ui://trakt/up-next.html"},"ui/resourceUri":"ui://trakt/up-next.html"})");
}

TEST(AppViews, ThePageIsToldItsViewOnce) {
  const std::string html = trakt::app_html("watchlist");
  EXPECT_NE(html.find("data-view=\"watchlist\""), std::string::npos);
  EXPECT_EQ(html.find("__TRAKT_VIEW__"), std::string::npos);
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u) << html.substr(0, 40);
  // Self-contained: nothing is loaded from anywhere (the CSP names no domain).
  for (const char* load : {"src=\"http", "href=\"http", "url(http", "@import"})
    EXPECT_EQ(html.find(load), std::string::npos) << load;
}

TEST(AppViews, EachViewIsAResourceOfItsToolAndTheToolNamesIt) {
  mcp::ToolRegistry tools;
  trakt::register_tools(tools);
  mcp::ResourceRegistry resources;
  trakt::register_resources(resources, tools);
  int views = 0;
  for (const auto& r : resources.resources()) {
    if (!r.uri.starts_with("ui://")) continue;
    ++views;
    EXPECT_EQ(r.mime_type, "text/html;profile=mcp-app");
    EXPECT_EQ(json::serialize(r.meta),
              R"({"ui":{"csp":{"connectDomains":[],"resourceDomains":[]},"prefersBorder":true}})");
  }
  EXPECT_EQ(views, 6);
  int tools_with_views = 0;
  for (const auto& t : tools.all()) {
    if (t.meta.empty()) continue;
    ++tools_with_views;
    const std::string uri(t.meta.at("ui").at("resourceUri").as_string());
    EXPECT_TRUE(resources.find(uri).read) << t.name << " names " << uri << ", which is not a resource";
  }
  EXPECT_EQ(tools_with_views, 6);
  EXPECT_TRUE(resources.find("trakt://poster/show/1390").read);
}

TEST(AppViews, APosterIsReferencedByKindAndTraktId) {
  json::object o;
  trakt::add_poster(o, "show", trakt::Ids{.trakt = 1390});
  trakt::add_poster(o, "show", trakt::Ids{});  // no Trakt id: nothing, and the first stays
  EXPECT_EQ(json::serialize(o), R"({"poster":"trakt://poster/show/1390"})");
  json::object person;
  trakt::add_poster(person, "person", trakt::Ids{.trakt = 1});
  EXPECT_TRUE(person.empty());
}

TEST(AppViews, OnlyWebpIsPassedOn) {
  EXPECT_TRUE(trakt::is_webp("image/webp"));
  EXPECT_TRUE(trakt::is_webp("Image/WebP; charset=binary"));
  EXPECT_FALSE(trakt::is_webp("text/html"));
  EXPECT_FALSE(trakt::is_webp(""));
}

}  // namespace
