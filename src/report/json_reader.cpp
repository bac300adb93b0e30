#include "report/json_reader.h"

#include <fmt/format.h>

#include <charconv>

#include "common/json_writer.h"
#include "common/utf16.h"

namespace shellcarve {
namespace {

const std::vector<JsonValue>& empty_items() {
  static const std::vector<JsonValue> kEmpty;
  return kEmpty;
}

class Parser {
 public:
  Parser(std::string_view text, const JsonLimits& limits) : text_(text), limits_(limits) {}

  Result<JsonValue> document() {
    JsonValue value;
    SC_RETURN_IF_ERROR(parse_value(value, 0));
    skip_space();
    if (pos_ != text_.size()) return error("text after the JSON value");
    return value;
  }

 private:
  std::unexpected<Error> error(std::string_view what) const {
    return fail(ErrorCode::kFormat, fmt::format("JSON: {} at byte {}", what, pos_));
  }

  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool take_literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Status parse_value(JsonValue& out, size_t depth) {
    skip_space();
    if (pos_ >= text_.size()) return error("unexpected end of text");
    const char c = text_[pos_];
    if (c == '{' || c == '[') {
      // Each nesting level is one recursion: the cap keeps the stack bounded.
      if (depth >= limits_.max_depth) return error(fmt::format("nesting deeper than {}", limits_.max_depth));
      return c == '{' ? parse_object(out, depth + 1) : parse_array(out, depth + 1);
    }
    if (c == '"') {
      out.kind = JsonValue::Kind::kString;
      return parse_string(out.text);
    }
    if (take_literal("true")) {
      out.kind = JsonValue::Kind::kBool;
      out.boolean = true;
      return {};
    }
    if (take_literal("false")) {
      out.kind = JsonValue::Kind::kBool;
      return {};
    }
    if (take_literal("null")) return {};
    return parse_number(out);
  }

  Status parse_object(JsonValue& out, size_t depth) {
    out.kind = JsonValue::Kind::kObject;
    ++pos_;  // '{'
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return {};
    }
    while (true) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') return error("expected a member name");
      std::string key;
      SC_RETURN_IF_ERROR(parse_string(key));
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') return error("expected ':'");
      ++pos_;
      JsonValue value;
      SC_RETURN_IF_ERROR(parse_value(value, depth));
      out.members.push_back(JsonMember{std::move(key), std::move(value)});
      SC_ASSIGN_OR_RETURN(const bool more, after_element('}'));
      if (!more) return {};
    }
  }

  Status parse_array(JsonValue& out, size_t depth) {
    out.kind = JsonValue::Kind::kArray;
    ++pos_;  // '['
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return {};
    }
    while (true) {
      JsonValue item;
      SC_RETURN_IF_ERROR(parse_value(item, depth));
      out.items.push_back(std::move(item));
      SC_ASSIGN_OR_RETURN(const bool more, after_element(']'));
      if (!more) return {};
    }
  }

  // After a member or an item: true past a ',' (another follows), false past `close`.
  Result<bool> after_element(char close) {
    skip_space();
    if (pos_ < text_.size() && (text_[pos_] == ',' || text_[pos_] == close)) return text_[pos_++] == ',';
    return error(fmt::format("expected ',' or '{}'", close));
  }

  Result<uint32_t> hex4() {
    if (text_.size() - pos_ < 4) return error("short \\u escape");
    uint32_t unit = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      unit <<= 4;
      if (h >= '0' && h <= '9') unit |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') unit |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') unit |= static_cast<uint32_t>(h - 'A' + 10);
      else return error("bad hex digit in \\u escape");
    }
    return unit;
  }

  // After "\u" of a unit: a surrogate pair becomes one code point; a lone surrogate U+FFFD.
  Status parse_unicode_escape(std::string& out) {
    SC_ASSIGN_OR_RETURN(const uint32_t unit, hex4());
    if (unit >= 0xD800 && unit <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
      const size_t mark = pos_;
      pos_ += 2;
      SC_ASSIGN_OR_RETURN(const uint32_t low, hex4());
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        return {};
      }
      pos_ = mark;  // not a pair: the second escape is read on its own
    }
    append_utf8(out, (unit >= 0xD800 && unit <= 0xDFFF) ? char32_t{0xFFFD} : static_cast<char32_t>(unit));
    return {};
  }

  Status parse_string(std::string& out) {
    ++pos_;  // '"'
    while (true) {
      if (pos_ >= text_.size()) return error("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return {};
      if (static_cast<unsigned char>(c) < 0x20) return error("raw control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) return error("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': SC_RETURN_IF_ERROR(parse_unicode_escape(out)); break;
        default: --pos_; return error("unknown escape");
      }
    }
  }

  // RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  Status parse_number(JsonValue& out) {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') ++pos_;
    else if (!digits()) return error("expected a value");
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digits()) return error("expected digits after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) return error("expected digits in the exponent");
    }
    out.kind = JsonValue::Kind::kNumber;
    out.text = std::string(text_.substr(start, pos_ - start));
    return {};
  }

  std::string_view text_;
  const JsonLimits& limits_;
  size_t pos_ = 0;
};

void append_display(std::string& out, const JsonValue& value) {
  switch (value.kind) {
    case JsonValue::Kind::kNull: out += "null"; break;
    case JsonValue::Kind::kBool: out += value.boolean ? "true" : "false"; break;
    case JsonValue::Kind::kNumber: out += value.text; break;
    case JsonValue::Kind::kString: append_json_string(out, value.text); break;
    case JsonValue::Kind::kArray:
      out += '[';
      for (size_t i = 0; i < value.items.size(); ++i) {
        if (i) out += ", ";
        append_display(out, value.items[i]);
      }
      out += ']';
      break;
    case JsonValue::Kind::kObject:
      out += '{';
      for (size_t i = 0; i < value.members.size(); ++i) {
        if (i) out += ", ";
        append_json_string(out, value.members[i].key);
        out += ": ";
        append_display(out, value.members[i].value);
      }
      out += '}';
      break;
  }
}

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
  if (kind != Kind::kObject) return nullptr;
  for (const auto& [name, value] : members)
    if (name == key) return &value;
  return nullptr;
}

std::string JsonValue::string_or_empty(std::string_view key) const {
  const JsonValue* member = find(key);
  return member && member->is_string() ? member->text : std::string();
}

std::optional<uint64_t> JsonValue::unsigned_of(std::string_view key) const {
  const JsonValue* member = find(key);
  if (!member || member->kind != Kind::kNumber) return std::nullopt;
  uint64_t number = 0;
  const char* end = member->text.data() + member->text.size();
  const auto [ptr, ec] = std::from_chars(member->text.data(), end, number);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return number;
}

std::optional<bool> JsonValue::bool_of(std::string_view key) const {
  const JsonValue* member = find(key);
  if (!member || member->kind != Kind::kBool) return std::nullopt;
  return member->boolean;
}

const std::vector<JsonValue>& JsonValue::array_of(std::string_view key) const {
  const JsonValue* member = find(key);
  return member && member->is_array() ? member->items : empty_items();
}

Result<JsonValue> parse_json(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes)
    return fail(ErrorCode::kLimit, fmt::format("JSON: {} bytes, over the limit of {}", text.size(), limits.max_bytes));
  return Parser(text, limits).document();
}

std::string json_display_text(const JsonValue& value) {
  if (value.is_string()) return value.text;
  std::string out;
  append_display(out, value);
  return out;
}

}  // namespace shellcarve
