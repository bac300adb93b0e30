// Constant folding over the tokens of one piece of server code (see fold.h).
#include "detect/deobfuscate/fold.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <unordered_map>
#include <utility>

#include "common/text.h"
#include "detect/deobfuscate/builtins.h"

namespace shellcarve::detect::deobfuscate {
namespace {

// The result of + - * on two integers, nullopt on overflow.
std::optional<Value> arithmetic(char op, int64_t l, int64_t r) {
  int64_t result = 0;
  const bool overflow = op == '+'   ? __builtin_add_overflow(l, r, &result)
                        : op == '-' ? __builtin_sub_overflow(l, r, &result)
                                    : __builtin_mul_overflow(l, r, &result);
  if (overflow) return std::nullopt;
  return Value::integer(result);
}

class Folder {
 public:
  Folder(std::string_view code, Dialect dialect, FoldBudget& budget, uint32_t depth)
      : code_(code), dialect_(dialect), budget_(budget), depth_(depth) {
    Tokens all = tokenize(code, dialect, budget.steps);
    if (!all.tokens.empty() && all.tokens.back().end < code.size() && !budget_.exhausted)
      budget_.exhausted = "max_deobfuscate_steps";
    budget_.spend(all.tokens.size() / 8);
    // Blanks and comments never change a value: only the other tokens are kept.
    for (const Token& t : all.tokens) {
      if (t.kind == TokenKind::kSpace || t.kind == TokenKind::kComment) continue;
      if (t.kind == TokenKind::kNewline && !vb()) continue;
      sig_.push_back(t);
    }
    strings_ = std::move(all.strings);
    collect_constants();
  }

  std::vector<Replacement> run() {
    for (size_t p = 0; p < sig_.size();) {
      if (!budget_.spend(1)) break;
      if (unwrap_eval(p)) continue;
      if (starts_constant(p)) {
        const Parsed r = expression(p, outer_precedence(p), depth_);
        if (r.value && r.value->is_string() && r.end > p + 1) {
          replace(p, r.end, quoted_literal(r.value->text, dialect_));
          p = r.end;
          continue;
        }
      }
      ++p;
    }
    return std::move(out_);
  }

 private:
  struct Parsed {
    std::optional<Value> value;
    size_t end = 0;  // significant-token index after the expression
  };

  bool vb() const { return dialect_ == Dialect::kVbScript; }
  const Token& tok(size_t p) const { return sig_[p]; }
  std::string_view text(size_t p) const { return code_.substr(tok(p).begin, tok(p).end - tok(p).begin); }
  bool is_op(size_t p, std::string_view op) const {
    return p < sig_.size() && tok(p).kind == TokenKind::kOperator && text(p) == op;
  }
  bool is_identifier(size_t p) const { return p < sig_.size() && tok(p).kind == TokenKind::kIdentifier; }
  // The word lower-cased, without VBScript's `$` suffix (Chr$ is Chr).
  std::string word(size_t p) const {
    std::string out = ascii_lower(text(p));
    if (!out.empty() && out.back() == '$') out.pop_back();
    return out;
  }

  // 0 for no binary operator we fold; higher binds tighter. VBScript: & < + - < Mod < \ < * /.
  int binary_precedence(size_t p) const {
    if (p >= sig_.size()) return 0;
    if (is_op(p + 1, "=") && !vb()) return 0;  // += -= *=: an assignment
    if (vb() && is_identifier(p) && word(p) == "mod") return 3;
    if (tok(p).kind != TokenKind::kOperator) return 0;
    const std::string_view op = text(p);
    if (vb()) {
      if (op == "&") return 1;
      if (op == "+" || op == "-") return 2;
      if (op == "\\") return 4;
      if (op == "*" || op == "/") return 5;
      return 0;
    }
    if (op == "+" || op == "-") return 1;
    if (op == "*" || op == "/" || op == "%") return 2;
    return 0;
  }

  // The expression at `end` goes on: an operator at least as tight as `min_precedence`, or a
  // member access, index or call we could not fold.
  bool continues(size_t end, int min_precedence) const {
    const int precedence = binary_precedence(end);
    if (precedence && precedence >= min_precedence) return true;
    return is_op(end, ".") || is_op(end, "[") || is_op(end, "(");
  }

  // What may be folded from `p`: after an operator, only what binds tighter than it (x * 2 + 3
  // is (x * 2) + 3), except after VBScript's &, which only ever concatenates text.
  int outer_precedence(size_t p) const {
    if (p == 0) return 0;
    const int before = binary_precedence(p - 1);
    if (!before || (vb() && before == 1)) return 0;
    return before + 1;
  }

  bool starts_constant(size_t p) const {
    if (p > 0 && is_op(p - 1, ".")) return false;  // a member's name
    const Token& t = tok(p);
    if (t.kind == TokenKind::kString || t.kind == TokenKind::kNumber || t.kind == TokenKind::kIdentifier) return true;
    if (is_op(p, "-")) return true;
    // `(` after a name, `)` or `]` opens a call's arguments or an index, not a group.
    return is_op(p, "(") && !(p > 0 && (is_identifier(p - 1) || is_op(p - 1, ")") || is_op(p - 1, "]")));
  }

  void replace(size_t from, size_t to, std::string text) {
    out_.push_back(Replacement{tok(from).begin, tok(to - 1).end, std::move(text)});
  }

  Parsed expression(size_t p, int min_precedence, uint32_t depth) {
    Parsed lhs = unary(p, depth);
    while (lhs.value) {
      const size_t at = lhs.end;
      const int precedence = binary_precedence(at);
      if (!precedence || precedence < min_precedence) break;
      Parsed rhs = expression(at + 1, precedence + 1, depth);
      if (!rhs.value || continues(rhs.end, precedence + 1)) break;
      std::optional<Value> value = apply(at, *lhs.value, *rhs.value);
      if (!value || !budget_.fits(value->text.size())) break;
      lhs = Parsed{std::move(value), rhs.end};
    }
    return lhs;
  }

  std::optional<Value> apply(size_t at, const Value& l, const Value& r) {
    const std::string op = vb() && is_identifier(at) ? "mod" : std::string(text(at));
    const auto as_text = [](const Value& v) { return v.is_number() ? std::to_string(v.number) : v.text; };
    if (l.kind == Value::Kind::kBytes || r.kind == Value::Kind::kBytes) return std::nullopt;
    if (op == "&") return Value::string(as_text(l) + as_text(r));
    if (op == "+" && l.is_string() && r.is_string()) return Value::string(l.text + r.text);
    // JScript and C# concatenate a string with a number's decimal text.
    if (op == "+" && !vb() && (l.is_string() || r.is_string())) return Value::string(as_text(l) + as_text(r));
    if (!l.is_number() || !r.is_number()) return std::nullopt;
    std::optional<Value> out;
    if (op == "+" || op == "-" || op == "*") out = arithmetic(op[0], l.number, r.number);
    else if (r.number == 0 || (l.number == INT64_MIN && r.number == -1)) return std::nullopt;
    // VBScript's and JScript's `/` gives a fraction: folded only when it divides exactly.
    else if (op == "/" && (dialect_ == Dialect::kCSharp || l.number % r.number == 0)) out = Value::integer(l.number / r.number);
    else if (op == "\\") out = Value::integer(l.number / r.number);
    else if (op == "mod" || op == "%") out = Value::integer(l.number % r.number);
    return out;
  }

  Parsed unary(size_t p, uint32_t depth) {
    if (p >= sig_.size()) return {};
    if (is_op(p, "-") || is_op(p, "+")) {
      if (!deeper(depth)) return {};
      Parsed operand = unary(p + 1, depth - 1);
      if (!operand.value || !operand.value->is_number() || continues(operand.end, 99)) return {};
      if (is_op(p, "-")) {
        if (operand.value->number == INT64_MIN) return {};
        operand.value->number = -operand.value->number;
      }
      return operand;
    }
    // C#: (char)101 is 'e'; (int)'e' is 101.
    if (dialect_ == Dialect::kCSharp && is_op(p, "(") && is_identifier(p + 1) && is_op(p + 2, ")")) {
      const std::string type = word(p + 1);
      if (type == "char" || type == "int" || type == "string") {
        if (!deeper(depth)) return {};
        Parsed operand = unary(p + 3, depth - 1);
        if (!operand.value || continues(operand.end, 99)) return {};
        if (type == "char" && operand.value->is_number()) {
          const int64_t code = operand.value->number;
          if (code < 0 || code > 0xFFFF) return {};
          operand.value = call_builtin("chrw", "chrw", std::span(&*operand.value, 1), budget_);
        } else if (type == "int" && operand.value->is_string() && !operand.value->text.empty()) {
          operand.value = call_builtin("ascw", "ascw", std::span(&*operand.value, 1), budget_);
        } else if (!(type == "string" && operand.value->is_string()) && !(type == "int" && operand.value->is_number())) {
          return {};
        }
        return operand;
      }
    }
    return postfix(primary(p, depth), depth);
  }

  bool deeper(uint32_t depth) {
    if (depth > 0) return true;
    budget_.depth_reached = true;
    return false;
  }

  Parsed primary(size_t p, uint32_t depth) {
    if (p >= sig_.size() || !budget_.spend(1)) return {};
    const Token& t = tok(p);
    if (t.kind == TokenKind::kString && t.constant) return {Value::string(strings_[static_cast<size_t>(t.number)]), p + 1};
    if (t.kind == TokenKind::kNumber && t.constant) return {Value::integer(t.number), p + 1};
    if (is_op(p, "(")) {
      if (!deeper(depth)) return {};
      Parsed inner = expression(p + 1, 0, depth - 1);
      if (!inner.value || !is_op(inner.end, ")")) return {};
      return {std::move(inner.value), inner.end + 1};
    }
    if (!is_identifier(p)) return {};
    // A dotted name: Chr, String.fromCharCode, System.Text.Encoding.UTF8.GetString.
    std::string name = word(p);
    size_t q = p + 1;
    while (is_op(q, ".") && is_identifier(q + 1)) {
      name += "." + word(q + 1);
      q += 2;
    }
    if (!is_op(q, "(")) {
      if (q != p + 1) return {};
      if (const auto it = constants_.find(variable(p)); it != constants_.end()) return {it->second, q};
      std::optional<Value> constant = vb() ? named_constant(name) : std::nullopt;
      return constant ? Parsed{std::move(constant), q} : Parsed{};
    }
    std::vector<Value> args;
    if (!arguments(q, depth, args)) return {};
    std::optional<Value> value = call_builtin(name, name, args, budget_);
    if (!value || !budget_.fits(value->text.size())) return {};
    return {std::move(value), q};
  }

  // `p` at "(": the constant arguments up to ")", `p` then after it.
  bool arguments(size_t& p, uint32_t depth, std::vector<Value>& args) {
    if (!deeper(depth)) return false;
    size_t q = p + 1;
    if (!is_op(q, ")")) {
      for (;;) {
        Parsed arg = expression(q, 0, depth - 1);
        if (!arg.value) return false;
        args.push_back(std::move(*arg.value));
        q = arg.end;
        if (is_op(q, ")")) break;
        if (!is_op(q, ",")) return false;
        ++q;
      }
    }
    p = q + 1;
    return true;
  }

  // Methods called on a constant: "abc".Replace("b", ""), ("a" + "b").ToLower().
  Parsed postfix(Parsed base, uint32_t depth) {
    while (base.value && is_op(base.end, ".") && is_identifier(base.end + 1) && is_op(base.end + 2, "(")) {
      const std::string name = "." + word(base.end + 1);
      const std::string as_written = "." + std::string(text(base.end + 1));
      size_t q = base.end + 2;
      std::vector<Value> args{*base.value};
      if (!arguments(q, depth, args)) break;
      std::optional<Value> value = call_builtin(name, as_written, args, budget_);
      if (!value || !budget_.fits(value->text.size())) break;
      base = Parsed{std::move(value), q};
    }
    return base;
  }

  // A variable's key: VBScript names are case-insensitive.
  std::string variable(size_t p) const { return vb() ? word(p) : std::string(text(p)); }

  bool statement_start(size_t p) const {
    if (p == 0) return true;
    if (tok(p - 1).kind == TokenKind::kNewline) return true;
    return vb() ? is_op(p - 1, ":") : (is_op(p - 1, ";") || is_op(p - 1, "{") || is_op(p - 1, "}"));
  }
  bool statement_end(size_t p) const {
    if (p >= sig_.size() || tok(p).kind == TokenKind::kNewline) return true;
    return vb() ? is_op(p, ":") : is_op(p, ";");
  }

  // `name = ` (or `name += `, `name &= `) at a statement's start, after a declaration
  // keyword: the index of the value's first token, or 0.
  size_t assignment_value(size_t p, bool& compound) const {
    if (!statement_start(p)) return 0;
    static constexpr std::string_view kDeclarations[] = {"const", "dim", "var", "let", "string", "private", "public"};
    for (int i = 0; i < 2 && is_identifier(p) && is_identifier(p + 1); ++i) {
      const std::string keyword = word(p);
      if (std::find(std::begin(kDeclarations), std::end(kDeclarations), keyword) == std::end(kDeclarations)) break;
      ++p;
    }
    if (!is_identifier(p)) return 0;
    compound = (is_op(p + 1, "+") || is_op(p + 1, "&") || is_op(p + 1, "-")) && is_op(p + 2, "=");
    if (compound) return p + 3;
    if (!is_op(p + 1, "=") || is_op(p + 2, "=")) return 0;
    return p + 2;
  }

  // Variables assigned once, at a statement's start, a constant: a = "abc...xyz" then
  // Mid(a, 5, 1) folds. One pass counts assignments (a variable assigned twice, or with
  // += &=, is not constant); a second evaluates them in order, so a constant may use an
  // earlier one. No data flow beyond that: uses before the assignment fold too (a view for
  // the detectors, not an interpreter).
  void collect_constants() {
    std::unordered_map<std::string, int> assignments;
    std::vector<std::pair<size_t, size_t>> targets;  // (name token, value token)
    for (size_t p = 0; p < sig_.size(); ++p) {
      // A loop variable (For i = ..., i++, ++i, i--) changes without an assignment of its own.
      if (is_identifier(p) && ((p > 0 && is_identifier(p - 1) && word(p - 1) == "for") ||
                               (is_op(p + 1, "+") && is_op(p + 2, "+")) || (is_op(p + 1, "-") && is_op(p + 2, "-")) ||
                               (p > 1 && ((is_op(p - 1, "+") && is_op(p - 2, "+")) || (is_op(p - 1, "-") && is_op(p - 2, "-"))))))
        assignments[variable(p)] += 2;
      bool compound = false;
      const size_t value = assignment_value(p, compound);
      if (!value) continue;
      const size_t name = value - (compound ? 3 : 2);
      assignments[variable(name)] += compound ? 2 : 1;
      if (!compound) targets.emplace_back(name, value);
      if (!budget_.spend(1)) return;
    }
    for (const auto& [name, value] : targets) {
      const std::string key = variable(name);
      if (assignments[key] != 1) continue;
      const Parsed r = expression(value, 0, depth_);
      if (r.value && r.value->kind != Value::Kind::kBytes && statement_end(r.end)) constants_.emplace(key, *r.value);
    }
  }

  // eval(<constant text>), Execute <constant text>, ExecuteGlobal(...): the text is code.
  bool unwrap_eval(size_t& p) {
    if (!is_identifier(p) || (p > 0 && is_op(p - 1, "."))) return false;
    const std::string name = word(p);
    if (name != "eval" && name != "execute" && name != "executeglobal") return false;
    const bool parens = is_op(p + 1, "(");
    if (!parens && !vb()) return false;
    const size_t from = p + 1 + (parens ? 1 : 0);
    if (!deeper(depth_)) return false;
    const Parsed r = expression(from, 0, depth_ - 1);
    if (!r.value || !r.value->is_string() || r.end == from) return false;
    // The argument must end where the call does: `)` or a second argument (JScript's
    // eval(code, "unsafe")), or the statement's end for VBScript's call without parentheses.
    const bool ends = parens ? (is_op(r.end, ")") || is_op(r.end, ","))
                             : (r.end >= sig_.size() || tok(r.end).kind == TokenKind::kNewline || is_op(r.end, ":"));
    if (!ends) return false;
    const std::string& inner = r.value->text;
    FoldBudget& budget = budget_;
    Folder nested(inner, dialect_, budget, depth_ - 1);
    replace(from, r.end, apply_replacements(inner, nested.run()));
    p = r.end;
    return true;
  }

  std::string_view code_;
  Dialect dialect_;
  FoldBudget& budget_;
  uint32_t depth_;
  std::vector<Token> sig_;            // the tokens that are not blanks or comments
  std::vector<std::string> strings_;  // their string values (Tokens::strings)
  std::vector<Replacement> out_;
  std::unordered_map<std::string, Value> constants_;  // collect_constants()
};

}  // namespace

std::vector<Replacement> fold_code(std::string_view code, Dialect dialect, FoldBudget& budget) {
  return Folder(code, dialect, budget, budget.depth).run();
}

std::string apply_replacements(std::string_view code, const std::vector<Replacement>& replacements) {
  std::string out;
  size_t at = 0;
  for (const Replacement& r : replacements) {
    out.append(code.substr(at, r.begin - at));
    out += r.text;
    at = r.end;
  }
  out.append(code.substr(at));
  return out;
}

std::string quoted_literal(std::string_view text, Dialect dialect) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += dialect == Dialect::kVbScript ? "\"\"" : "\\\"";
    else if (c == '\\' && dialect != Dialect::kVbScript) out += "\\\\";
    else out += c;
  }
  out += '"';
  return out;
}

}  // namespace shellcarve::detect::deobfuscate
