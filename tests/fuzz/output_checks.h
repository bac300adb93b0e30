// output_checks.h: small, strict checkers of what our writers emit, for fuzz targets and
// tests: a JSON validator (RFC 8259, strings must be valid UTF-8), an RFC 4180 CSV row
// splitter, and the rules every text output must keep whatever a name from the image holds
// -- valid UTF-8, no raw unsafe character (common/display_text.h: controls, C1, line
// separators, bidi overrides), no cell a spreadsheet would evaluate. Each returns an
// empty string when the text is well-formed, else what is wrong and where.
#pragma once

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/display_text.h"
#include "common/utf16.h"

namespace shellcarve::fuzz {

// Text that is valid UTF-8 with no dangerous character except the ones in `allowed`.
inline std::string check_clean_text(std::string_view text, std::string_view allowed = "") {
  for (size_t i = 0; i < text.size();) {
    const size_t n = utf8_sequence_length(text, i);
    if (n == 0) return "invalid UTF-8 at byte " + std::to_string(i);
    const char32_t cp = utf8_code_point(text, i, n);
    if (is_unsafe_code_point(cp) && !(cp < 0x80 && allowed.find(static_cast<char>(cp)) != std::string_view::npos))
      return "raw control or bidi character U+" + std::to_string(static_cast<uint32_t>(cp)) +
             " at byte " + std::to_string(i);
    i += n;
  }
  return "";
}

class JsonChecker {
 public:
  explicit JsonChecker(std::string_view text) : text_(text) {}

  // One JSON value and nothing but whitespace around it.
  std::string check() {
    skip_space();
    if (!value(0)) return error_;
    skip_space();
    if (at_ != text_.size()) return "trailing bytes at " + std::to_string(at_);
    return "";
  }

 private:
  bool fail(const std::string& what) {
    error_ = what + " at byte " + std::to_string(at_);
    return false;
  }
  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
      ++at_;
  }
  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return fail("bad literal");
    at_ += word.size();
    return true;
  }
  bool number() {
    const size_t start = at_;
    if (at_ < text_.size() && text_[at_] == '-') ++at_;
    const auto digits = [&] {
      const size_t from = at_;
      while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
      return at_ - from;
    };
    const size_t first = at_;
    if (digits() == 0) return fail("bad number");
    if (text_[first] == '0' && at_ - first > 1) return fail("leading zero");
    if (at_ < text_.size() && text_[at_] == '.') {
      ++at_;
      if (digits() == 0) return fail("bad fraction");
    }
    if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
      ++at_;
      if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) ++at_;
      if (digits() == 0) return fail("bad exponent");
    }
    return at_ > start;
  }
  bool string() {
    ++at_;  // opening quote
    while (at_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c < 0x20) return fail("raw control character in string");
      if (c == '\\') {
        if (++at_ >= text_.size()) return fail("cut escape");
        const char e = text_[at_];
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i)
            if (at_ + i >= text_.size() || !std::isxdigit(static_cast<unsigned char>(text_[at_ + i])))
              return fail("bad \\u escape");
          at_ += 5;
        } else if (std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos) {
          ++at_;
        } else {
          return fail("bad escape");
        }
        continue;
      }
      const size_t n = utf8_sequence_length(text_, at_);
      if (n == 0) return fail("invalid UTF-8 in string");
      at_ += n;
    }
    return fail("unterminated string");
  }
  bool value(int depth) {
    if (depth > 64) return fail("nesting too deep");
    if (at_ >= text_.size()) return fail("missing value");
    const char c = text_[at_];
    if (c == '"') return string();
    if (c == 't') return literal("true");
    if (c == 'f') return literal("false");
    if (c == 'n') return literal("null");
    if (c == '[' || c == '{') {
      const char close = c == '[' ? ']' : '}';
      ++at_;
      skip_space();
      if (at_ < text_.size() && text_[at_] == close) {
        ++at_;
        return true;
      }
      while (true) {
        if (close == '}') {
          if (at_ >= text_.size() || text_[at_] != '"') return fail("key expected");
          if (!string()) return false;
          skip_space();
          if (at_ >= text_.size() || text_[at_] != ':') return fail("':' expected");
          ++at_;
          skip_space();
        }
        if (!value(depth + 1)) return false;
        skip_space();
        if (at_ < text_.size() && text_[at_] == ',') {
          ++at_;
          skip_space();
          continue;
        }
        if (at_ < text_.size() && text_[at_] == close) {
          ++at_;
          return true;
        }
        return fail("',' or close expected");
      }
    }
    return number();
  }

  std::string_view text_;
  size_t at_ = 0;
  std::string error_;
};

inline std::string check_json(std::string_view text) { return JsonChecker(text).check(); }

// Splits CSV text (rows ending in CRLF) into rows of unquoted cells. Sets `error` when a
// quote is unbalanced, a quoted cell is followed by anything but a separator, or the text
// does not end with CRLF.
inline std::vector<std::vector<std::string>> split_csv(std::string_view text, std::string& error) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"' && cell.empty()) {
      ++i;
      while (true) {
        if (i >= text.size()) {
          error = "unterminated quoted cell";
          return rows;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell.push_back(text[i++]);
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\r') {
        error = "bytes after a quoted cell at " + std::to_string(i);
        return rows;
      }
      continue;
    }
    if (text[i] == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      ++i;
    } else if (text[i] == '\r') {
      if (i + 1 >= text.size() || text[i + 1] != '\n') {
        error = "CR without LF at " + std::to_string(i);
        return rows;
      }
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      i += 2;
    } else if (text[i] == '"') {
      error = "quote inside an unquoted cell at " + std::to_string(i);
      return rows;
    } else {
      cell.push_back(text[i++]);
    }
  }
  if (!cell.empty() || !row.empty()) error = "last row does not end with CRLF";
  return rows;
}

// CSV written by our writers: every row has the header's cell count, no cell holds a raw
// control or bidi character, and no cell starts with a character a spreadsheet takes
// as the start of a formula.
inline std::string check_csv(std::string_view text) {
  std::string error;
  const auto rows = split_csv(text, error);
  if (!error.empty()) return error;
  if (rows.empty()) return "no header row";
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != rows[0].size())
      return "row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) + " cells, header " +
             std::to_string(rows[0].size());
    for (const std::string& cell : rows[r]) {
      if (auto bad = check_clean_text(cell); !bad.empty()) return "row " + std::to_string(r) + ": " + bad;
      if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos)
        return "row " + std::to_string(r) + ": cell starts a formula: " + cell.substr(0, 20);
    }
  }
  return "";
}

// Line-oriented text (JSON Lines, bodyfile, listings): LF-terminated lines, each clean
// but for the ASCII controls in `allowed` (fls columns are tab-separated), each passing
// `line_check` (returns "" when fine).
template <typename LineCheck>
std::string check_lines(std::string_view text, LineCheck line_check, std::string_view allowed = "") {
  if (!text.empty() && text.back() != '\n') return "last line not terminated";
  size_t start = 0, number = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string_view line = text.substr(start, end - start);
    if (auto bad = check_clean_text(line, allowed); !bad.empty()) return "line " + std::to_string(number) + ": " + bad;
    if (auto bad = line_check(line); !bad.empty()) return "line " + std::to_string(number) + ": " + bad;
    start = end + 1;
    ++number;
  }
  return "";
}

// A TSK bodyfile 3.x line: exactly 11 '|'-separated fields.
inline std::string check_bodyfile_line(std::string_view line) {
  size_t bars = 0;
  for (const char c : line) bars += c == '|';
  return bars == 10 ? "" : "has " + std::to_string(bars + 1) + " fields, not 11";
}

}  // namespace shellcarve::fuzz
