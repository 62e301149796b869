// One declaration per tool: the input schema, the argument checks and the
// signature all come from the declared arguments.

#include "mcp/tool.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace {

namespace json = boost::json;
using mcp::Arg;

mcp::Tool example() {
  return mcp::Tool{
      .name = "get_things",
      .title = "Things",
      .description = "Lists things.",
      .args = {{.name = "day", .type = Arg::Type::date, .description = "First day."},
               {.name = "days", .type = Arg::Type::integer, .description = "How many.", .minimum = 1, .maximum = 33,
                .default_value = 7},
               {.name = "kind", .type = Arg::Type::string, .description = "Which.", .choices = {"all", "movies"},
                .default_value = "all"},
               {.name = "since", .type = Arg::Type::date_or_time, .description = "Since."},
               {.name = "query", .type = Arg::Type::string, .description = "Words.", .required = true},
               {.name = "confirm", .type = Arg::Type::boolean, .description = "Sure?"}},
      .annotations = {.read_only = true, .open_world = true},
  };
}

std::optional<std::string> error_for(const std::string& raw) {
  return mcp::check_arguments(example(), json::parse(raw).as_object()).error;
}

TEST(ToolDeclaration, InputSchemaComesFromTheArguments) {
  EXPECT_EQ(json::serialize(mcp::input_schema(example())),
            R"({"type":"object","properties":{)"
            R"("day":{"type":"string","pattern":"^\\d{4}-\\d{2}-\\d{2}$","description":"First day."},)"
            R"("days":{"type":"integer","minimum":1,"maximum":33,"default":7,"description":"How many."},)"
            R"("kind":{"type":"string","enum":["all","movies"],"default":"all","description":"Which."},)"
            R"("since":{"type":"string","description":"Since."},)"
            R"("query":{"type":"string","description":"Words."},)"
            R"("confirm":{"type":"boolean","description":"Sure?"}},)"
            R"("required":["query"],"additionalProperties":false})");
}

TEST(ToolDeclaration, SignatureAndListing) {
  EXPECT_EQ(mcp::signature(example()), "get_things {day?, days?, kind?, since?, query, confirm?}");
  auto listed = mcp::describe(example());
  EXPECT_EQ(json::serialize(listed.at("annotations")), R"({"title":"Things","readOnlyHint":true,"openWorldHint":true})");
  EXPECT_FALSE(listed.contains("outputSchema"));
  EXPECT_FALSE(listed.contains("_meta"));  // none declared: none listed
  auto with_view = example();
  with_view.meta = json::object{{"ui", json::object{{"resourceUri", "ui://x/v.html"}}}};
  EXPECT_EQ(json::serialize(mcp::describe(with_view).at("_meta")), R"({"ui":{"resourceUri":"ui://x/v.html"}})");
}

TEST(ToolDeclaration, ValidArgumentsGetTheirDefaults) {
  auto checked = mcp::check_arguments(example(), json::parse(R"({"query":"heat","day":null,"since":"2026-01-02T03:04:05.123Z"})").as_object());
  ASSERT_FALSE(checked.error) << *checked.error;
  EXPECT_EQ(checked.arguments.integer("days"), 7);
  EXPECT_EQ(checked.arguments.string("kind"), "all");
  EXPECT_EQ(checked.arguments.string("query"), "heat");
  EXPECT_EQ(checked.arguments.string("day"), std::nullopt);  // null counts as absent
  EXPECT_EQ(checked.arguments.string("since"), "2026-01-02T03:04:05.123Z");
  EXPECT_EQ(checked.arguments.boolean("confirm"), std::nullopt);
}

TEST(ToolDeclaration, EveryKindOfBadArgumentIsNamed) {
  EXPECT_EQ(error_for(R"({"query":"q","dayz":3})"),
            R"(Unknown argument "dayz". This tool takes: day, days, kind, since, query, confirm.)");
  EXPECT_EQ(error_for(R"({})"), R"(Missing argument "query": Words.)");
  EXPECT_EQ(error_for(R"({"query":"q","days":0})"), R"(Invalid argument "days": must be a whole number from 1 to 33 (got 0).)");
  EXPECT_EQ(error_for(R"({"query":"q","days":2.5})"), R"(Invalid argument "days": must be a whole number from 1 to 33 (got 2.5E0).)");
  EXPECT_EQ(error_for(R"({"query":"q","days":"3"})"), R"(Invalid argument "days": must be a whole number from 1 to 33 (got "3").)");
  EXPECT_EQ(error_for(R"({"query":"q","kind":"shows"})"), R"(Invalid argument "kind": must be one of all, movies (got "shows").)");
  EXPECT_EQ(error_for(R"({"query":"q","day":"2026-02-30"})"),
            R"(Invalid argument "day": must be a date written YYYY-MM-DD, e.g. "2026-11-24" (got "2026-02-30").)");
  EXPECT_EQ(error_for(R"({"query":"q","since":"2026-01-02 03:04"})"),
            R"(Invalid argument "since": must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ) (got "2026-01-02 03:04").)");
  EXPECT_EQ(error_for(R"({"query":7})"), R"(Invalid argument "query": must be a string (got 7).)");
  EXPECT_EQ(error_for(R"({"query":"q","confirm":"yes"})"), R"(Invalid argument "confirm": must be true or false (got "yes").)");
}

TEST(ToolDeclaration, OneSidedRangesSayWhichSide) {
  mcp::Tool t{.name = "t",
              .args = {{.name = "page", .type = Arg::Type::integer, .minimum = 1},
                       {.name = "delta", .type = Arg::Type::integer, .maximum = 9},
                       {.name = "any", .type = Arg::Type::integer}}};
  auto error = [&](const char* raw) { return mcp::check_arguments(t, json::parse(raw).as_object()).error; };
  EXPECT_EQ(error(R"({"page":0})"), R"(Invalid argument "page": must be a whole number of at least 1 (got 0).)");
  EXPECT_EQ(error(R"({"delta":10})"), R"(Invalid argument "delta": must be a whole number of at most 9 (got 10).)");
  EXPECT_EQ(error(R"({"any":"x"})"), R"(Invalid argument "any": must be a whole number (got "x").)");
  EXPECT_EQ(error(R"({"page":1,"delta":-5,"any":7.0})"), std::nullopt);
}

TEST(ToolDeclaration, AnIdentifierIsAStringOrAWholeNumberReadAsAString) {
  mcp::Tool t{.name = "t", .args = {{.name = "id", .type = Arg::Type::identifier, .required = true}}};
  EXPECT_EQ(json::serialize(mcp::input_schema(t).at("properties").at("id").at("type")), R"(["string","integer"])");
  auto checked = [&](const char* raw) { return mcp::check_arguments(t, json::parse(raw).as_object()); };
  EXPECT_EQ(checked(R"({"id":1234})").arguments.string("id"), "1234");
  EXPECT_EQ(checked(R"({"id":"heat-1995"})").arguments.string("id"), "heat-1995");
  EXPECT_EQ(checked(R"({"id":12.5})").error,
            R"(Invalid argument "id": must be an id: a string or a whole number (got 1.25E1).)");
  EXPECT_EQ(checked(R"({"id":""})").error, R"(Invalid argument "id": must be an id: a string or a whole number (got "").)");
  EXPECT_TRUE(checked(R"({"id":true})").error);
}

TEST(ToolDeclaration, NoArgumentsSaysSo) {
  mcp::Tool t{.name = "get_stats", .description = "Totals."};
  EXPECT_EQ(mcp::check_arguments(t, json::parse(R"({"x":1})").as_object()).error,
            R"(Unknown argument "x". This tool takes no arguments.)");
  EXPECT_EQ(mcp::signature(t), "get_stats {}");
  EXPECT_EQ(json::serialize(mcp::input_schema(t)), R"({"type":"object","properties":{},"additionalProperties":false})");
}

}  // namespace
