// The functions the folder evaluates when every argument is a constant: the string
// functions obfuscators build code with. Names are matched lower-cased, without VBScript's
// `$` suffix, on the dotted name as written (`string.fromcharcode`, `convert.frombase64string`,
// `system.text.encoding.utf8.getstring`, `chrw`). A method called on a constant string
// (`"abc".Replace("b", "")`) is `.replace` etc. with the string as the first argument.
//   chr chrb chrw ascii/code unit to a character (chr 128-255: that byte, the page's code page)
//   asc ascw ascb                 first character to its code
//   string.fromcharcode(n, ...)   UTF-16 code units to text
//   replace(s, find, with)        every occurrence (VBScript's default binary compare)
//   strreverse mid left right lcase ucase trim ltrim rtrim cstr cint clng space string
//   unescape                      JScript %XX and %uXXXX
//   convert.frombase64string      bytes; *encoding*.getstring(bytes) text (utf8, ascii,
//                                 default: as they are; unicode: UTF-16LE)
//   .replace .tolower .toupper .substring .substr .charat .trim on a constant string
//     (.Replace in C# replaces every occurrence, .replace in JScript the first)
// Anything else, or an argument of the wrong kind, is not constant (nullopt).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "detect/deobfuscate/value.h"

namespace shellcarve::detect::deobfuscate {

// `name` lower-cased; `method_case` is the name as written (JScript's `.replace` and C#'s
// `.Replace` differ).
std::optional<Value> call_builtin(std::string_view name, std::string_view method_case, std::span<const Value> args,
                                  FoldBudget& budget);

// VBScript's named string constants (vbCrLf, vbTab ...), lower-cased; nullopt for others.
std::optional<Value> named_constant(std::string_view name);

}  // namespace shellcarve::detect::deobfuscate
