// Tokenizer for the three server-script dialects (see tokens.h).
#include "detect/deobfuscate/tokens.h"

#include <limits>

#include "common/utf16.h"

namespace shellcarve::detect::deobfuscate {
namespace {

bool is_identifier_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_identifier_char(char c) { return is_identifier_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Tokenizer {
 public:
  Tokenizer(std::string_view code, Dialect dialect, std::vector<std::string>& strings)
      : code_(code), dialect_(dialect), strings_(strings) {}

  Token next() {
    Token token;
    token.begin = static_cast<uint32_t>(at_);
    const char c = code_[at_];
    if (c == '\n' || c == '\r') {
      token.kind = TokenKind::kNewline;
      ++at_;
    } else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
      token.kind = TokenKind::kSpace;
      while (at_ < code_.size() && (code_[at_] == ' ' || code_[at_] == '\t' || code_[at_] == '\f' || code_[at_] == '\v'))
        ++at_;
    } else if (dialect_ == Dialect::kVbScript) {
      vb_token(token);
    } else {
      c_token(token);
    }
    token.end = static_cast<uint32_t>(at_);
    if (token.kind == TokenKind::kString) {
      token.number = static_cast<int64_t>(strings_.size());
      strings_.push_back(std::move(text_));
      text_.clear();
    }
    return token;
  }

  bool done() const { return at_ >= code_.size(); }

 private:
  char peek(size_t ahead) const { return at_ + ahead < code_.size() ? code_[at_ + ahead] : '\0'; }

  void to_line_end() {
    while (at_ < code_.size() && code_[at_] != '\n' && code_[at_] != '\r') ++at_;
  }

  void vb_token(Token& token) {
    const char c = code_[at_];
    if (c == '"') {
      doubled_quote_string(token, 1);
    } else if (c == '\'') {
      token.kind = TokenKind::kComment;
      to_line_end();
    } else if (c == '_' && line_continues(at_ + 1)) {
      // `_` then only blanks to the line's end joins the next line to this statement.
      token.kind = TokenKind::kSpace;
      ++at_;
      while (at_ < code_.size() && (code_[at_] == ' ' || code_[at_] == '\t')) ++at_;
      if (peek(0) == '\r') ++at_;
      if (peek(0) == '\n') ++at_;
    } else if (c == '&' && (peek(1) == 'H' || peek(1) == 'h') && hex_value(peek(2)) >= 0) {
      at_ += 2;
      hex_number(token);
      if (peek(0) == '&') ++at_;  // &H41& : the Long type suffix
    } else if (is_digit(c)) {
      decimal_number(token);
    } else if (is_identifier_start(c)) {
      identifier(token);
      if (peek(0) == '$') ++at_;  // Chr$, Mid$: the String-returning forms
      const std::string_view word = code_.substr(token.begin, at_ - token.begin);
      if (word.size() == 3 && (word[0] == 'R' || word[0] == 'r') && (word[1] == 'E' || word[1] == 'e') &&
          (word[2] == 'M' || word[2] == 'm') && (peek(0) == ' ' || peek(0) == '\t')) {
        token.kind = TokenKind::kComment;
        to_line_end();
      }
    } else if ((c == '<' && (peek(1) == '>' || peek(1) == '=')) || (c == '>' && peek(1) == '=')) {
      token.kind = TokenKind::kOperator;
      at_ += 2;
    } else {
      token.kind = TokenKind::kOperator;
      ++at_;
    }
  }

  void c_token(Token& token) {
    const char c = code_[at_];
    if (c == '"' || c == '\'') {
      escaped_string(token, c);
    } else if (dialect_ == Dialect::kCSharp && c == '@' && peek(1) == '"') {
      doubled_quote_string(token, 2);
    } else if (dialect_ == Dialect::kCSharp && c == '$' && (peek(1) == '"' || peek(1) == '@')) {
      ++at_;
      if (peek(0) == '@') ++at_;
      if (peek(0) == '"') escaped_string(token, '"');
      token.kind = TokenKind::kString;
      token.constant = false;  // holds {expressions}
    } else if (c == '/' && peek(1) == '/') {
      token.kind = TokenKind::kComment;
      to_line_end();
    } else if (c == '/' && peek(1) == '*') {
      token.kind = TokenKind::kComment;
      const size_t close = code_.find("*/", at_ + 2);
      at_ = close == std::string_view::npos ? code_.size() : close + 2;
    } else if (c == '0' && (peek(1) == 'x' || peek(1) == 'X') && hex_value(peek(2)) >= 0) {
      at_ += 2;
      hex_number(token);
      while (at_ < code_.size() && (code_[at_] == 'u' || code_[at_] == 'U' || code_[at_] == 'l' || code_[at_] == 'L'))
        ++at_;
    } else if (is_digit(c)) {
      decimal_number(token);
    } else if (is_identifier_start(c) || c == '$') {
      ++at_;
      identifier(token);
    } else {
      token.kind = TokenKind::kOperator;
      ++at_;
    }
  }

  bool line_continues(size_t from) const {
    for (size_t i = from; i < code_.size(); ++i) {
      if (code_[i] == '\n' || code_[i] == '\r') return true;
      if (code_[i] != ' ' && code_[i] != '\t') return false;
    }
    return false;
  }

  void identifier(Token& token) {
    token.kind = TokenKind::kIdentifier;
    while (at_ < code_.size() && is_identifier_char(code_[at_])) ++at_;
  }

  // Digits, and a fraction or exponent (not folded: only integers are).
  void decimal_number(Token& token) {
    token.kind = TokenKind::kNumber;
    token.constant = true;
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    while (at_ < code_.size() && is_digit(code_[at_])) {
      const int digit = code_[at_] - '0';
      if (token.number > (kMax - digit) / 10) token.constant = false;
      else token.number = token.number * 10 + digit;
      ++at_;
    }
    if (peek(0) == '.' && is_digit(peek(1))) {
      token.constant = false;
      ++at_;
      while (at_ < code_.size() && (is_digit(code_[at_]))) ++at_;
    }
    while (at_ < code_.size() && is_identifier_char(code_[at_])) {
      // Suffixes (10L, 1e5, 2.0f): only a plain integer stays constant.
      token.constant = false;
      ++at_;
    }
  }

  void hex_number(Token& token) {
    token.kind = TokenKind::kNumber;
    token.constant = true;
    while (at_ < code_.size() && hex_value(code_[at_]) >= 0) {
      if (token.number > (std::numeric_limits<int64_t>::max() >> 4)) token.constant = false;
      else token.number = token.number * 16 + hex_value(code_[at_]);
      ++at_;
    }
  }

  // VBScript "..." and C# @"...": a quote is written twice; no other escape. VBScript ends
  // an unterminated string at the line's end (the compiler's own error).
  void doubled_quote_string(Token& token, size_t opener) {
    token.kind = TokenKind::kString;
    at_ += opener;
    const bool line_bound = dialect_ == Dialect::kVbScript;
    while (at_ < code_.size()) {
      const char c = code_[at_];
      if (c == '"') {
        if (peek(1) == '"') {
          text_ += '"';
          at_ += 2;
          continue;
        }
        ++at_;
        token.constant = true;
        return;
      }
      if (line_bound && (c == '\n' || c == '\r')) return;
      text_ += c;
      ++at_;
    }
  }

  // JScript strings and C# strings and chars: backslash escapes; ends at the line's end.
  void escaped_string(Token& token, char quote) {
    token.kind = TokenKind::kString;
    ++at_;
    while (at_ < code_.size()) {
      const char c = code_[at_];
      if (c == quote) {
        ++at_;
        token.constant = true;
        return;
      }
      if (c == '\n' || c == '\r') return;
      if (c != '\\') {
        text_ += c;
        ++at_;
        continue;
      }
      ++at_;
      if (at_ >= code_.size()) return;
      escape(text_);
    }
  }

  void escape(std::string& out) {
    const char c = code_[at_++];
    switch (c) {
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case '0': out += '\0'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'v': out += '\v'; return;
      case 'a': out += '\a'; return;
      case 'x': {
        // JScript: exactly two hex digits; C#: one to four.
        const size_t most = dialect_ == Dialect::kCSharp ? 4 : 2;
        append_utf8(out, hex_digits(most));
        return;
      }
      case 'u': append_utf8(out, hex_digits(4)); return;
      default: out += c; return;  // \\ \" \' and unknown escapes stand for the character
    }
  }

  char32_t hex_digits(size_t most) {
    char32_t value = 0;
    for (size_t i = 0; i < most && at_ < code_.size() && hex_value(code_[at_]) >= 0; ++i, ++at_)
      value = value * 16 + static_cast<char32_t>(hex_value(code_[at_]));
    return value;
  }

  std::string_view code_;
  Dialect dialect_;
  std::vector<std::string>& strings_;
  std::string text_;  // the value of the string being read
  size_t at_ = 0;
};

}  // namespace

Tokens tokenize(std::string_view code, Dialect dialect, size_t max_tokens) {
  Tokens out;
  if (code.size() > UINT32_MAX) code = code.substr(0, UINT32_MAX);
  Tokenizer tokenizer(code, dialect, out.strings);
  while (!tokenizer.done() && out.tokens.size() < max_tokens) out.tokens.push_back(tokenizer.next());
  return out;
}

}  // namespace shellcarve::detect::deobfuscate
