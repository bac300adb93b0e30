#include "report/json_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace shellcarve {
namespace {

TEST(JsonReader, ReadsObjectsArraysAndScalarsInOrder) {
  const auto value = parse_json(R"( {"b": [1, -2.5e3, true, false, null], "a": {"x": "y"}, "n": 18446744073709551615} )");
  ASSERT_TRUE(value) << value.error().message;
  ASSERT_TRUE(value->is_object());
  ASSERT_EQ(value->members.size(), 3u);
  EXPECT_EQ(value->members[0].key, "b");  // document order kept
  const auto& items = value->array_of("b");
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[1].text, "-2.5e3");
  EXPECT_TRUE(items[2].boolean);
  EXPECT_TRUE(items[4].is_null());
  EXPECT_EQ(value->find("a")->string_or_empty("x"), "y");
  EXPECT_EQ(value->unsigned_of("n"), 18446744073709551615ull);
}

TEST(JsonReader, OptionalFieldsOfOtherKindsReadAsAbsent) {
  const auto value = parse_json(R"({"s": 5, "n": "5", "neg": -1, "f": 1.5, "b": "true"})");
  ASSERT_TRUE(value);
  EXPECT_EQ(value->string_or_empty("s"), "");
  EXPECT_EQ(value->unsigned_of("n"), std::nullopt);
  EXPECT_EQ(value->unsigned_of("neg"), std::nullopt);
  EXPECT_EQ(value->unsigned_of("f"), std::nullopt);
  EXPECT_EQ(value->bool_of("b"), std::nullopt);
  EXPECT_TRUE(value->array_of("missing").empty());
}

TEST(JsonReader, DecodesEscapesAndSurrogates) {
  const auto value = parse_json(R"("a\"\\\/\b\f\n\r\t\u00e9\u202e\ud83d\ude00\ud800x")");
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(value->text, "a\"\\/\b\f\n\r\t\xC3\xA9\xE2\x80\xAE\xF0\x9F\x98\x80\xEF\xBF\xBDx");
}

TEST(JsonReader, MalformedInputIsAnErrorNamingTheOffset) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "\"abc", "\"\\x\"", "01", "1.", "-", "tru", "[1] 2",
                          "\"\\u12\"", "{\"a\":1,}", "\"a\nb\""}) {
    const auto value = parse_json(bad);
    ASSERT_FALSE(value) << bad;
    EXPECT_NE(value.error().message.find("at byte"), std::string::npos) << value.error().message;
  }
}

TEST(JsonReader, NestingAndSizeAreCapped) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto value = parse_json(deep);
  ASSERT_FALSE(value);
  EXPECT_NE(value.error().message.find("nesting deeper than 64"), std::string::npos);
  EXPECT_TRUE(parse_json(std::string(10, '[') + std::string(10, ']'), {.max_depth = 10}));
  EXPECT_FALSE(parse_json(std::string(11, '[') + std::string(11, ']'), {.max_depth = 10}));
  EXPECT_FALSE(parse_json("[1, 2, 3]", {.max_depth = 64, .max_bytes = 4}));
}

}  // namespace
}  // namespace shellcarve
