// What a constant expression evaluates to, and the budget folding spends (fold.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace shellcarve::detect::deobfuscate {

struct Value {
  enum class Kind { kString, kNumber, kBytes };  // kBytes: Convert.FromBase64String's byte[]
  Kind kind = Kind::kString;
  std::string text;  // kString (UTF-8 or the page's own 8-bit text) and kBytes
  int64_t number = 0;

  static Value string(std::string text) { return Value{Kind::kString, std::move(text), 0}; }
  static Value integer(int64_t number) { return Value{Kind::kNumber, {}, number}; }
  static Value bytes(std::string bytes) { return Value{Kind::kBytes, std::move(bytes), 0}; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_number() const { return kind == Kind::kNumber; }
};

// The work one deobfuscation may do. When a cap is hit, `exhausted` names its Limits field
// and folding stops (what was folded so far stays).
struct FoldBudget {
  uint64_t steps = 0;           // left
  size_t max_value_bytes = 0;   // the longest string a constant may hold
  uint32_t depth = 0;           // nesting (parentheses, calls, eval) allowed
  const char* exhausted = nullptr;
  bool depth_reached = false;   // some expression nested deeper than `depth` was left alone

  bool spend(uint64_t n) {
    if (exhausted) return false;
    if (n > steps) {
      exhausted = "max_deobfuscate_steps";
      steps = 0;
      return false;
    }
    steps -= n;
    return true;
  }
  bool fits(size_t bytes) {
    if (bytes <= max_value_bytes) return true;
    if (!exhausted) exhausted = "max_deobfuscate_output_bytes";
    return false;
  }
};

}  // namespace shellcarve::detect::deobfuscate
