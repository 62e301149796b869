// The one catalog builder: every mode gets the same tools, resources and
// prompts, and the read-only switch hides the tools that change the account,
// with a refusal written for whoever runs the server.

#include "app/catalog.hpp"

#include <gtest/gtest.h>

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
  const auto catalog = TraktCatalog::declared(ReadOnly::off);
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
  const auto all = TraktCatalog::declared(ReadOnly::off);
  const auto writes = names(all, true);
  const struct {
    ReadOnly mode;
    std::string says;
  } cases[] = {
      {ReadOnly::local, "remove the read-only switch from the MCP client's configuration"},
      {ReadOnly::hosted, "this trakt-mcp server runs read-only (TRAKT_MCP_READ_ONLY=1)"},
  };
  for (const auto& c : cases) {
    const auto read_only = TraktCatalog::declared(c.mode);
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

TEST(Catalog, EveryModeDeclaresTheSameTools) {
  int calls = 0;
  const TraktCatalog bound(
      [&calls]() -> trakt::Result<trakt::TraktApi*> {
        ++calls;
        return trakt::Failure{trakt::FailureKind::config, "no Trakt here"};
      },
      ReadOnly::off);
  const auto declared = TraktCatalog::declared(ReadOnly::off);
  std::vector<std::string> a, b;
  for (const auto& t : bound.tools().all()) a.push_back(t.name);
  for (const auto& t : declared.tools().all()) b.push_back(t.name);
  EXPECT_EQ(a, b);
  EXPECT_EQ(bound.resources().resources().size(), declared.resources().resources().size());
  EXPECT_EQ(bound.prompts().all().size(), declared.prompts().all().size());
  EXPECT_EQ(calls, 0);  // declaring reaches no Trakt client
}

}  // namespace
