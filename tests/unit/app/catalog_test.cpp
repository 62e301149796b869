// The one catalog builder: every mode gets the same tools, resources and
// prompts, and the read-only switch hides the tools that change the account,
// with a refusal written for whoever runs the server.

#include "app/catalog.hpp"

#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using app::ReadOnly;
using app::TraktCatalog;

std::vector<std::string> names(const TraktCatalog& catalog, bool writes) {
  std::vector<std::string> out;
  for (const auto& t : catalog.tools().all())
    if ((t.annotations.read_only != true) == writes) out.push_back(t.name);
  return out;
}

TEST(Catalog, DeclaresEveryToolWithItsResourcesAndPrompts) {
  const auto& catalog = TraktCatalog::shared(ReadOnly::off);
  EXPECT_FALSE(names(catalog, false).empty());
  EXPECT_FALSE(names(catalog, true).empty());
  EXPECT_FALSE(catalog.resources().empty());
  EXPECT_FALSE(catalog.prompts().empty());

  const mcp::Catalog view = catalog.view();
  EXPECT_EQ(&view.tools, &catalog.tools());
  EXPECT_EQ(view.resources, &catalog.resources());
  EXPECT_EQ(view.prompts, &catalog.prompts());
}

TEST(Catalog, ReadOnlyHidesTheWritesAndSaysWhereToChangeThem) {
  const auto& all = TraktCatalog::shared(ReadOnly::off);
  const auto writes = names(all, true);
  const struct {
    ReadOnly mode;
    std::string says;
  } cases[] = {
      {ReadOnly::local, "remove the read-only switch from the MCP client's configuration"},
      {ReadOnly::hosted, "this trakt-mcp server runs read-only (TRAKT_MCP_READ_ONLY=1)"},
  };
  for (const auto& c : cases) {
    const auto& read_only = TraktCatalog::shared(c.mode);
    EXPECT_EQ(names(read_only, false), names(all, false));
    EXPECT_TRUE(names(read_only, true).empty());
    for (const auto& name : writes) {
      EXPECT_EQ(read_only.tools().find(name), nullptr) << name;
      const std::string* why = read_only.tools().disabled(name);
      ASSERT_NE(why, nullptr) << name;
      EXPECT_NE(why->find(c.says), std::string::npos) << *why;
    }
  }
  for (const auto& name : writes) EXPECT_EQ(all.tools().disabled(name), nullptr) << name;
}

TEST(Catalog, OneSharedCatalogPerSettingBuiltOnce) {
  EXPECT_EQ(&TraktCatalog::shared(ReadOnly::off), &TraktCatalog::shared(ReadOnly::off));
  EXPECT_NE(&TraktCatalog::shared(ReadOnly::off), &TraktCatalog::shared(ReadOnly::hosted));
}

// Hosted people share one registry; each Server's calls reach only the
// account it was bound to (one person never acts on another's Trakt).
TEST(Catalog, ServersSharingTheCatalogEachReachTheirOwnAccount) {
  namespace net = boost::asio;
  net::io_context io;
  const auto& shared = TraktCatalog::shared(ReadOnly::hosted);
  struct Person {
    std::string name;
    int asked = 0;
    std::vector<std::string> sent;
  };
  Person alice{"alice"}, bob{"bob"};
  std::vector<std::unique_ptr<mcp::Server>> servers;
  for (Person* p : {&alice, &bob}) {
    auto server = std::make_unique<mcp::Server>(io.get_executor(), shared.view(), mcp::ServerInfo{"t", "t", "0", ""},
                                                [p](std::string m) { p->sent.push_back(std::move(m)); });
    TraktCatalog::bind(*server, [p]() -> trakt::Result<trakt::TraktApi*> {
      ++p->asked;
      return trakt::Failure{trakt::FailureKind::config, "the account of " + p->name};
    });
    server->handle(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
                   R"("capabilities":{},"clientInfo":{"name":"t","version":"0"}}})");
    server->handle(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    server->handle(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_stats","arguments":{}}})");
    servers.push_back(std::move(server));
  }
  io.run();
  for (const Person* p : {&alice, &bob}) {
    EXPECT_EQ(p->asked, 1) << p->name;
    ASSERT_FALSE(p->sent.empty());
    const std::string& answer = p->sent.back();
    EXPECT_NE(answer.find("the account of " + p->name), std::string::npos) << answer;
    const std::string other = p == &alice ? "bob" : "alice";
    EXPECT_EQ(answer.find("the account of " + other), std::string::npos) << answer;
  }

  // A Server nobody bound lists the same tools, and a call says there is no account.
  std::vector<std::string> sent;
  mcp::Server unbound(io.get_executor(), shared.view(), mcp::ServerInfo{"t", "t", "0", ""},
                      [&](std::string m) { sent.push_back(std::move(m)); });
  unbound.handle(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
                 R"("capabilities":{},"clientInfo":{"name":"t","version":"0"}}})");
  unbound.handle(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_stats","arguments":{}}})");
  io.restart();
  io.run();
  ASSERT_FALSE(sent.empty());
  EXPECT_NE(sent.back().find("no Trakt account"), std::string::npos) << sent.back();
}

}  // namespace
