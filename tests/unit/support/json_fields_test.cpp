// support::field and friends: present values read back, and every kind of
// wrong input (missing key, null, wrong type, not an object) reads as absent
// without throwing.

#include "support/json_fields.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace {

namespace json = boost::json;

const json::value doc = json::parse(R"({
  "name": "Ada", "empty": "", "nothing": null, "year": 1843, "big": 9007199254740993,
  "negative": -5, "whole_double": 2.0, "fraction": 2.5, "huge": 1e300, "digits": "42",
  "user": {"username": "ada"}, "list": [1, 2], "flag": true
})");
const json::object& obj = doc.get_object();

TEST(JsonField, PresentMissingAndNull) {
  ASSERT_NE(support::field(doc, "name"), nullptr);
  EXPECT_EQ(support::field(doc, "name")->as_string(), "Ada");
  EXPECT_EQ(support::field(obj, "name"), support::field(doc, "name"));
  EXPECT_EQ(support::field(doc, "missing"), nullptr);
  EXPECT_EQ(support::field(doc, "nothing"), nullptr);  // null reads as absent
}

TEST(JsonField, NonObjectsHaveNoFields) {
  for (const char* text : {"[1,2]", "\"name\"", "3", "null", "true"}) {
    const json::value v = json::parse(text);
    EXPECT_EQ(support::field(v, "name"), nullptr) << text;
    EXPECT_FALSE(support::string_field(v, "name")) << text;
    EXPECT_FALSE(support::int_field(v, "name")) << text;
    EXPECT_EQ(support::object_field(v, "name"), nullptr) << text;
  }
}

TEST(JsonStringField, OnlyStrings) {
  EXPECT_EQ(support::string_field(doc, "name"), "Ada");
  EXPECT_EQ(support::string_field(obj, "name"), "Ada");
  EXPECT_EQ(support::string_field(doc, "empty"), "");  // present, if empty
  for (const char* key : {"missing", "nothing", "year", "user", "list", "flag"})
    EXPECT_FALSE(support::string_field(doc, key)) << key;
}

TEST(JsonIntField, WholeNumbersThatFit) {
  EXPECT_EQ(support::int_field(doc, "year"), 1843);
  EXPECT_EQ(support::int_field(obj, "negative"), -5);
  EXPECT_EQ(support::int_field(doc, "big"), std::int64_t(9007199254740993));
  EXPECT_EQ(support::int_field(doc, "whole_double"), 2);
  EXPECT_EQ(support::int_field<int>(doc, "year"), 1843);
}

TEST(JsonIntField, EverythingElseIsAbsent) {
  for (const char* key : {"missing", "nothing", "fraction", "huge", "digits", "name", "user", "list", "flag"})
    EXPECT_FALSE(support::int_field(doc, key)) << key;
  // Does not fit the type asked for.
  EXPECT_FALSE(support::int_field<int>(doc, "big"));
  EXPECT_FALSE(support::int_field<unsigned>(doc, "negative"));
}

TEST(JsonObjectField, OnlyObjects) {
  const auto* user = support::object_field(doc, "user");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(support::string_field(*user, "username"), "ada");
  EXPECT_EQ(support::object_field(obj, "user"), user);
  for (const char* key : {"missing", "nothing", "name", "list", "year"})
    EXPECT_EQ(support::object_field(doc, key), nullptr) << key;
}

}  // namespace
