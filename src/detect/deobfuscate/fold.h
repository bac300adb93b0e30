// The constant folder: in one piece of server code (no <% %> around it), every expression
// built only from constants is replaced by the literal it produces, written in the
// dialect's own quoting:
//   "e"&"v"&"a"&"l"                     -> "eval"
//   Chr(101)&ChrW(&H76)&Chr(90+7)       -> "eva"        (integer + - * / \ Mod on constants)
//   Replace("e#v#a#l", "#", "")         -> "eval"
//   StrReverse("lave"), Mid("xevalx",2,4), Left/Right/LCase/UCase, (char)101,
//   String.fromCharCode(101, 118), unescape("%65"), "abc".Replace("b", ""),
//   Encoding.UTF8.GetString(Convert.FromBase64String("ZXZhbA==")) -> "eval"
// and a call that evaluates a constant string -- eval(...), Execute ..., ExecuteGlobal ...
// -- is unwrapped: the string becomes code again (itself folded), so
//   eval(eval("Request.Item[\"x\"]"))  -> eval(eval(Request.Item["x"]))
// Folding respects precedence and left-to-right evaluation: a constant after an operator
// that binds tighter (x * 2 + 3) or an operand followed by one (1 + 2 * x) is left alone.
// Only results that are text are written back; numbers only feed chr() and friends.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "detect/deobfuscate/tokens.h"
#include "detect/deobfuscate/value.h"

namespace shellcarve::detect::deobfuscate {

// `code[begin, end)` is to be read as `text`.
struct Replacement {
  size_t begin = 0;
  size_t end = 0;
  std::string text;
};

// The replacements for `code`, in order and not overlapping. Spends `budget`; when it runs
// out the replacements found so far are returned.
std::vector<Replacement> fold_code(std::string_view code, Dialect dialect, FoldBudget& budget);

// `code` with `replacements` applied.
std::string apply_replacements(std::string_view code, const std::vector<Replacement>& replacements);

// `text` as a string literal of `dialect`.
std::string quoted_literal(std::string_view text, Dialect dialect);

}  // namespace shellcarve::detect::deobfuscate
