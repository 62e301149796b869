// The walkers of trakt/model/shape.hpp on a made-up shape: tolerant reading
// (unknown keys, nulls, wrong types, needed members, choices, ranges, blank
// strings, accept()), writing without nulls in member order plus derived text,
// and the schema derived from the same description.

#include "trakt/model/shape.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace trakt {

// Lives in namespace trakt, as the real shapes do, so value_from finds the walkers.
struct ShapeProbe {
  std::string kind;
  int count = 0;
  std::optional<std::string> note;
  std::optional<double> score;
  std::vector<std::string> tags;
  static constexpr model::Field fields[] = {{.name = "kind", .choices = "a|b", .needed = true},
                                            {.name = "count", .description = "how many", .minimum = 0},
                                            {.name = "note", .blank_is_none = true},
                                            {.name = "score", .minimum = 0, .maximum = 10},
                                            {.name = "tags", .blank_is_none = true}};
  static constexpr model::Field derived[] = {{.name = "shout", .description = "the kind, loud"}};
  bool accept() const { return kind != "b" || count > 0; }
  void derive(boost::json::object& o) const { o.emplace("shout", kind + "!"); }
};
BOOST_DESCRIBE_STRUCT(ShapeProbe, (), (kind, count, note, score, tags))

}  // namespace trakt

namespace {

namespace json = boost::json;
using trakt::ShapeProbe;

std::optional<ShapeProbe> read(const char* text) {
  auto r = json::try_value_to<ShapeProbe>(json::parse(text));
  return r ? std::optional<ShapeProbe>(*r) : std::nullopt;
}

TEST(Shape, ReadsTolerantly) {
  auto p = read(R"({"kind":"a","count":3,"note":"hi","score":7.5,"tags":["x","  ",3,"y"],"unknown":{"deep":1}})");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->count, 3);
  EXPECT_EQ(p->note, "hi");
  EXPECT_EQ(p->score, 7.5);
  EXPECT_EQ(p->tags, (std::vector<std::string>{"x", "y"}));  // blank and non-string elements left out

  auto q = read(R"({"kind":"a","count":null,"note":"   ","score":11,"tags":"x"})");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->count, 0);     // null keeps the default
  EXPECT_FALSE(q->note);      // blank reads as absent
  EXPECT_FALSE(q->score);     // out of range reads as absent
  EXPECT_TRUE(q->tags.empty());
  EXPECT_EQ(read(R"({"kind":"a","count":-2})")->count, 0);  // below the minimum: the default
  EXPECT_EQ(read(R"({"kind":"a","count":2.0})")->count, 2);
  EXPECT_EQ(read(R"({"kind":"a","count":2.5})")->count, 0);
}

TEST(Shape, NeededMembersChoicesAndAcceptRejectTheItem) {
  EXPECT_FALSE(read(R"({"count":1})"));               // kind is needed
  EXPECT_FALSE(read(R"({"kind":null})"));
  EXPECT_FALSE(read(R"({"kind":"c"})"));              // not one of the choices
  EXPECT_FALSE(read(R"({"kind":"b","count":0})"));    // accept() says no
  EXPECT_TRUE(read(R"({"kind":"b","count":1})"));
  EXPECT_FALSE(read(R"([])"));
  EXPECT_FALSE(read(R"("a")"));
}

TEST(Shape, WritesInMemberOrderWithoutNullsPlusDerivedText) {
  ShapeProbe p{"a", 2, std::nullopt, 1.5, {"t"}};
  EXPECT_EQ(json::serialize(json::value_from(p)), R"({"kind":"a","count":2,"score":1.5E0,"tags":["t"],"shout":"a!"})");
}

TEST(Shape, TheSchemaComesFromTheSameDescription) {
  const json::object s = trakt::model::schema<ShapeProbe>();
  EXPECT_EQ(json::serialize(s.at("required")), R"(["kind","count","tags"])");
  const auto& props = s.at("properties").as_object();
  EXPECT_EQ(json::serialize(props.at("kind")), R"({"type":"string","enum":["a","b"]})");
  EXPECT_EQ(json::serialize(props.at("count")), R"({"type":"integer","description":"how many","minimum":0})");
  EXPECT_EQ(json::serialize(props.at("score")), R"({"type":"number","minimum":0E0,"maximum":1E1})");
  EXPECT_EQ(json::serialize(props.at("tags")), R"({"type":"array","items":{"type":"string"}})");
  EXPECT_EQ(json::serialize(props.at("shout")), R"({"type":"string","description":"the kind, loud"})");
  EXPECT_EQ(props.at("note").at("type"), "string");
}

}  // namespace
