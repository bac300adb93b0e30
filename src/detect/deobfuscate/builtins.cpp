// Constant string functions for the folder (see builtins.h). Argument counts and kinds are
// checked first; positions outside the string give what VBScript gives (Mid past the end:
// "") or are not folded (a start below 1 is a run-time error in VBScript).
#include "detect/deobfuscate/builtins.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/text.h"
#include "common/utf16.h"

namespace shellcarve::detect::deobfuscate {
namespace {

using Args = std::span<const Value>;

bool strings(Args args, size_t count) {
  return args.size() == count && std::all_of(args.begin(), args.end(), [](const Value& v) { return v.is_string(); });
}

std::optional<Value> character(int64_t code, bool wide) {
  if (wide && code >= -32768 && code < 0) code += 65536;  // ChrW(-1) is U+FFFF
  if (code < 0 || code > (wide ? 0xFFFF : 0xFF)) return std::nullopt;
  if (code >= 0xD800 && code <= 0xDFFF) return std::nullopt;  // half a surrogate pair
  std::string out;
  if (!wide || code < 0x80) out += static_cast<char>(code);
  else append_utf8(out, static_cast<char32_t>(code));
  return Value::string(std::move(out));
}

std::optional<Value> from_char_codes(Args args) {
  std::string out;
  for (const Value& v : args) {
    if (!v.is_number()) return std::nullopt;
    const auto code = static_cast<char32_t>(v.number & 0xFFFF);  // ToUint16
    if (code >= 0xD800 && code <= 0xDFFF) return std::nullopt;
    append_utf8(out, code);
  }
  return Value::string(std::move(out));
}

std::string replace_all(const std::string& text, const std::string& find, const std::string& with, bool first_only,
                        FoldBudget& budget) {
  if (find.empty()) return text;
  std::string out;
  size_t from = 0;
  for (size_t at = text.find(find); at != std::string::npos; at = text.find(find, from)) {
    out.append(text, from, at - from);
    out += with;
    from = at + find.size();
    if (!budget.fits(out.size()) || first_only) break;
  }
  out.append(text, std::min(from, text.size()), std::string::npos);
  return out;
}

// StrReverse reverses characters; a UTF-8 sequence is kept whole.
std::string reversed(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::vector<std::pair<size_t, size_t>> pieces;
  for (size_t i = 0; i < text.size();) {
    const size_t length = std::max<size_t>(1, utf8_sequence_length(text, i));
    pieces.emplace_back(i, length);
    i += length;
  }
  for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) out.append(text, it->first, it->second);
  return out;
}

std::optional<Value> mid(const std::string& text, int64_t start, std::optional<int64_t> length) {
  if (start < 1 || (length && *length < 0)) return std::nullopt;
  const auto from = static_cast<size_t>(std::min<int64_t>(start - 1, static_cast<int64_t>(text.size())));
  const size_t count = length ? static_cast<size_t>(std::min<int64_t>(*length, static_cast<int64_t>(text.size())))
                              : std::string::npos;
  return Value::string(text.substr(from, count));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = ascii_lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string unescaped(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 5 < text.size() && (text[i + 1] == 'u' || text[i + 1] == 'U')) {
      char32_t code = 0;
      bool ok = true;
      for (size_t k = 2; k < 6 && ok; ++k) {
        ok = hex_digit(text[i + k]) >= 0;
        code = code * 16 + static_cast<char32_t>(ok ? hex_digit(text[i + k]) : 0);
      }
      if (ok && (code < 0xD800 || code > 0xDFFF)) {
        append_utf8(out, code);
        i += 5;
        continue;
      }
    }
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

std::optional<std::string> base64_decoded(const std::string& text) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  size_t padding = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=') { ++padding; continue; }
    else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    else return std::nullopt;  // FormatException at run time
    if (padding) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out += static_cast<char>((bits >> 16) & 0xFF);
      out += static_cast<char>((bits >> 8) & 0xFF);
      out += static_cast<char>(bits & 0xFF);
      bits = 0;
      count = 0;
    }
  }
  if (count == 1 || padding > 2) return std::nullopt;
  if (count == 2) out += static_cast<char>((bits >> 4) & 0xFF);
  if (count == 3) {
    out += static_cast<char>((bits >> 10) & 0xFF);
    out += static_cast<char>((bits >> 2) & 0xFF);
  }
  return out;
}

std::optional<Value> get_string(std::string_view name, const Value& bytes) {
  if (bytes.kind != Value::Kind::kBytes) return std::nullopt;
  if (name.find(".unicode.") != std::string_view::npos) {
    const auto span = std::as_bytes(std::span(bytes.text.data(), bytes.text.size()));
    return Value::string(utf16le_to_utf8(span).utf8);
  }
  for (const char* plain : {".utf8.", ".ascii.", ".default.", ".utf7."})
    if (name.find(plain) != std::string_view::npos && std::string_view(plain) != ".utf7.") return Value::string(bytes.text);
  return std::nullopt;
}

bool ends_with(std::string_view name, std::string_view tail) {
  return name == tail || (name.size() > tail.size() && name.ends_with(tail) && name[name.size() - tail.size() - 1] == '.');
}

std::string trimmed(const std::string& text, bool left, bool right) {
  size_t from = 0, to = text.size();
  while (left && from < to && text[from] == ' ') ++from;
  while (right && to > from && text[to - 1] == ' ') --to;
  return text.substr(from, to - from);
}

std::optional<Value> method(std::string_view name, std::string_view as_written, Args args, FoldBudget& budget) {
  const std::string& s = args[0].text;
  if (name == ".replace" && strings(args, 3))
    return Value::string(replace_all(s, args[1].text, args[2].text, as_written == ".replace", budget));
  if ((name == ".tolower" || name == ".tolowercase") && args.size() == 1) return Value::string(ascii_lower(s));
  if ((name == ".toupper" || name == ".touppercase") && args.size() == 1) {
    std::string out = s;
    for (char& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    return Value::string(std::move(out));
  }
  if (name == ".trim" && args.size() == 1) return Value::string(trimmed(s, true, true));
  const auto number = [&](size_t i) { return i < args.size() && args[i].is_number(); };
  if (name == ".charat" && args.size() == 2 && number(1))
    return args[1].number >= 0 && static_cast<size_t>(args[1].number) < s.size()
               ? Value::string(s.substr(static_cast<size_t>(args[1].number), 1)) : Value::string("");
  // C# Substring(start, length) and JScript substr(start, length): 0-based start and a length;
  // JScript substring(start, end).
  if ((name == ".substr" || (name == ".substring" && as_written == ".Substring")) && number(1) &&
      (args.size() == 2 || (args.size() == 3 && number(2))))
    return mid(s, args[1].number + 1, args.size() == 3 ? std::optional(args[2].number) : std::nullopt);
  if (name == ".substring" && number(1) && (args.size() == 2 || (args.size() == 3 && number(2)))) {
    const int64_t size = static_cast<int64_t>(s.size());
    int64_t a = std::clamp<int64_t>(args[1].number, 0, size);
    int64_t b = args.size() == 3 ? std::clamp<int64_t>(args[2].number, 0, size) : size;
    if (a > b) std::swap(a, b);
    return Value::string(s.substr(static_cast<size_t>(a), static_cast<size_t>(b - a)));
  }
  return std::nullopt;
}

}  // namespace

std::optional<Value> named_constant(std::string_view name) {
  if (name == "vbcrlf" || name == "vbnewline") return Value::string("\r\n");
  if (name == "vbcr") return Value::string("\r");
  if (name == "vblf") return Value::string("\n");
  if (name == "vbtab") return Value::string("\t");
  if (name == "vbnullstring") return Value::string("");
  if (name == "vbnullchar") return Value::string(std::string(1, '\0'));
  return std::nullopt;
}

std::optional<Value> call_builtin(std::string_view name, std::string_view as_written, Args args,
                                  FoldBudget& budget) {
  size_t work = 1;
  for (const Value& v : args) work += v.text.size() / 64;
  if (!budget.spend(work)) return std::nullopt;
  if (name.starts_with('.')) {
    if (args.empty() || !args[0].is_string()) return std::nullopt;
    return method(name, as_written, args, budget);
  }
  const auto number = [&](size_t i) { return i < args.size() && args[i].is_number(); };
  const auto string = [&](size_t i) { return i < args.size() && args[i].is_string(); };
  if ((name == "chr" || name == "chrb") && args.size() == 1 && number(0)) return character(args[0].number, false);
  if (name == "chrw" && args.size() == 1 && number(0)) return character(args[0].number, true);
  if (ends_with(name, "string.fromcharcode")) return from_char_codes(args);
  if ((name == "asc" || name == "ascw" || name == "ascb") && args.size() == 1 && string(0) && !args[0].text.empty()) {
    const std::string& s = args[0].text;
    const size_t length = utf8_sequence_length(s, 0);
    return Value::integer(name == "ascw" && length > 1 ? static_cast<int64_t>(utf8_code_point(s, 0, length))
                                                       : static_cast<unsigned char>(s[0]));
  }
  if (name == "replace" && strings(args, 3))
    return Value::string(replace_all(args[0].text, args[1].text, args[2].text, false, budget));
  if (name == "strreverse" && strings(args, 1)) return Value::string(reversed(args[0].text));
  if (name == "mid" && string(0) && number(1) && (args.size() == 2 || (args.size() == 3 && number(2))))
    return mid(args[0].text, args[1].number, args.size() == 3 ? std::optional(args[2].number) : std::nullopt);
  if ((name == "left" || name == "right") && args.size() == 2 && string(0) && number(1)) {
    if (args[1].number < 0) return std::nullopt;
    const std::string& s = args[0].text;
    const size_t n = static_cast<size_t>(std::min<int64_t>(args[1].number, static_cast<int64_t>(s.size())));
    return Value::string(name == "left" ? s.substr(0, n) : s.substr(s.size() - n));
  }
  if (name == "lcase" && strings(args, 1)) return method(".tolower", ".tolower", args, budget);
  if (name == "ucase" && strings(args, 1)) return method(".toupper", ".toupper", args, budget);
  if ((name == "trim" || name == "ltrim" || name == "rtrim") && strings(args, 1))
    return Value::string(trimmed(args[0].text, name != "rtrim", name != "ltrim"));
  if (name == "cstr" && args.size() == 1)
    return string(0) ? args[0] : Value::string(std::to_string(args[0].number));
  if ((name == "cint" || name == "clng") && args.size() == 1 && number(0)) return args[0];
  if (name == "space" && args.size() == 1 && number(0) && args[0].number >= 0 && budget.fits(static_cast<size_t>(args[0].number)))
    return Value::string(std::string(static_cast<size_t>(args[0].number), ' '));
  if (name == "unescape" && strings(args, 1)) return Value::string(unescaped(args[0].text));
  if (ends_with(name, "convert.frombase64string") && strings(args, 1)) {
    auto bytes = base64_decoded(args[0].text);
    if (!bytes) return std::nullopt;
    return Value::bytes(std::move(*bytes));
  }
  if (name.ends_with(".getstring") && name.find("encoding") != std::string_view::npos && args.size() == 1)
    return get_string(name, args[0]);
  return std::nullopt;
}

}  // namespace shellcarve::detect::deobfuscate
