// Tokens of server-side script, for the constant folder (fold.h). Three dialects, each
// with its own string quoting and comments:
//   VBScript (and VB.NET): "..." with "" for a quote, ' and REM comments, &H hex numbers,
//     `_` at a line's end continues the line;
//   JScript: "..." and '...' with backslash escapes (\xHH, \uHHHH), // and /* */ comments,
//     0x hex numbers;
//   C#: as JScript, plus @"..." verbatim strings ("" for a quote), '...' a char literal
//     (folded as a one-character string), \x with 1 to 4 hex digits, $"..." interpolated
//     strings (never constant).
// Every token keeps its byte range in the input, so a folded expression maps back to the
// original bytes. Unterminated strings and comments end at the line's (or input's) end;
// any byte sequence tokenizes, and the work is linear in the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shellcarve::detect::deobfuscate {

enum class Dialect { kVbScript, kJScript, kCSharp };

enum class TokenKind : uint8_t {
  kString,      // `text` holds the decoded value when `constant`
  kNumber,      // `number` holds the value when `constant` (integers only)
  kIdentifier,  // names and keywords
  kOperator,    // one punctuation character (or a VBScript `<>`, `<=`, `>=`)
  kComment,
  kSpace,       // blanks and line continuations
  kNewline,     // ends a statement in VBScript
};

// 24 bytes: a 2 MiB text of one-character tokens is 2M of them.
struct Token {
  uint32_t begin = 0;  // byte range in the tokenized text
  uint32_t end = 0;
  TokenKind kind = TokenKind::kSpace;
  bool constant = false;  // a string or number whose value is known
  int64_t number = 0;     // kNumber: its value; kString: the index of its value in `strings`
};

struct Tokens {
  std::vector<Token> tokens;
  std::vector<std::string> strings;  // the decoded values of the string tokens

  const std::string& text(const Token& t) const { return strings[static_cast<size_t>(t.number)]; }
};

// The tokens of `code` (at most 4 GiB), in order, covering every byte. Stops early (the
// last token then ends before `code` does) after `max_tokens` tokens.
Tokens tokenize(std::string_view code, Dialect dialect, size_t max_tokens);

}  // namespace shellcarve::detect::deobfuscate
