// json_reader.h: a small, bounded JSON reader (RFC 8259) for the case folder's own outputs
// (manifest.json, findings.json, timeline.jsonl rows, proxylogon.json), so the HTML report
// can be made again from a folder alone. The text is ours but may have been edited or cut
// short since: every malformed or over-limit input is an error value naming the byte
// offset, never a crash; nesting is capped so a hostile "[[[[..." cannot exhaust the stack.
// Objects keep their members in document order (duplicate keys kept; find() takes the
// first); numbers keep their literal text, read as integers on request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace shellcarve {

struct JsonMember;

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;  // a string's decoded UTF-8, or a number's literal as written
  std::vector<JsonValue> items;
  // Not std::pair: clang 14 with libstdc++ 12 rejects a pair of a type still incomplete.
  std::vector<JsonMember> members;

  bool is_null() const { return kind == Kind::kNull; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_object() const { return kind == Kind::kObject; }
  // The first member named `key`; nullptr when absent or when this is not an object.
  const JsonValue* find(std::string_view key) const;
  // Member `key` as a string; "" when absent or of another kind (fields other writers add
  // later are read as optional).
  std::string string_or_empty(std::string_view key) const;
  // Member `key` as an unsigned integer; nullopt when absent, not a number or not integral.
  std::optional<uint64_t> unsigned_of(std::string_view key) const;
  // Member `key` as a boolean; nullopt when absent or not a boolean.
  std::optional<bool> bool_of(std::string_view key) const;
  // Member `key` when it is an array, else an empty array.
  const std::vector<JsonValue>& array_of(std::string_view key) const;
};

// One member of an object, in document order.
struct JsonMember {
  std::string key;
  JsonValue value;
};

struct JsonLimits {
  size_t max_depth = 64;                    // nested arrays and objects
  size_t max_bytes = size_t{1} << 30;       // the whole text
};

// Parses exactly one JSON value (surrounding whitespace allowed). Strings: escapes decoded,
// a lone surrogate becomes U+FFFD; raw bytes are kept as they are (the HTML writer escapes
// what is not valid UTF-8).
Result<JsonValue> parse_json(std::string_view text, const JsonLimits& limits = {});

// A value as compact JSON-like text for display: strings unquoted at the top level,
// everything else as JSON (used for fields the report does not know).
std::string json_display_text(const JsonValue& value);

}  // namespace shellcarve
