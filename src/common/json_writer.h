// report/ -- writers for what leaves the tool: JSON, CSV, bodyfile, the run manifest, and
// atomic file output (temp + rename). Names and strings from the image are untrusted: every
// writer escapes control characters and never lets a name choose where a file is written.
//
// json_writer.h: a small streaming JSON writer. Strings are escaped per RFC 8259 (all
// control characters as \uXXXX, invalid UTF-8 replaced with U+FFFD) so any name read
// from an image yields valid JSON; C1 controls, U+2028/U+2029 and bidi overrides are
// escaped too (common/display_text.h), so JSON Lines stay one record per line for every
// reader; keys are written in the order given, so output is
// byte-reproducible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shellcarve {

class JsonWriter {
 public:
  // `indent` 0 writes one line (JSON Lines); otherwise pretty-printed with that indent.
  explicit JsonWriter(int indent = 2) : indent_(indent) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(uint64_t number);
  JsonWriter& value(int64_t number);
  JsonWriter& value(uint32_t number) { return value(static_cast<uint64_t>(number)); }
  JsonWriter& value(int number) { return value(static_cast<int64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();
  // An optional string: null when absent.
  JsonWriter& value(const std::optional<std::string>& text);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  void newline();
  std::string out_;
  int indent_;
  struct Level {
    bool is_object;
    bool empty = true;
  };
  std::vector<Level> stack_;
  bool after_key_ = false;
};

// Appends `text` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view text);

// A time as the pair every output carries: "KEY" as ISO 8601 UTC with 100 ns, and
// "KEY_filetime" as the raw FILETIME; both null when there is none.
void write_time_pair(JsonWriter& json, std::string_view key, const std::optional<uint64_t>& filetime);

}  // namespace shellcarve
