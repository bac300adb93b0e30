// De-obfuscation of a page's server code (see deobfuscate.h): find the code, choose its
// dialect, fold it, and keep the map from folded text back to the original bytes.
#include "detect/deobfuscate/deobfuscate.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "common/display_text.h"
#include "common/text.h"
#include "detect/deobfuscate/fold.h"
#include "detect/deobfuscate/script_encoder.h"

namespace shellcarve::detect::deobfuscate {
namespace {

// Bytes of a text looked at to guess its dialect when nothing names it.
constexpr size_t kGuessBytes = 64 * 1024;

struct CodeRegion {
  size_t begin = 0;
  size_t end = 0;
  std::optional<Dialect> dialect;  // the block's own language attribute
};

bool starts_with_ci(std::string_view text, size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (ascii_lower(text[at + i]) != word[i]) return false;
  return true;
}

// `word` is lower-case.
size_t find_ci(std::string_view text, std::string_view word, size_t from) {
  for (size_t at = from; at + word.size() <= text.size(); ++at)
    if (ascii_lower(text[at]) == word[0] && starts_with_ci(text, at, word)) return at;
  return std::string_view::npos;
}

// The dialect a language name stands for: "VBScript", "VB", "C#", "CSharp", "JScript" ...
std::optional<Dialect> dialect_named(std::string_view name) {
  const std::string lower = ascii_lower(name);
  if (lower.find("vb") != std::string::npos) return Dialect::kVbScript;
  if (lower.find("c#") != std::string::npos || lower.find("csharp") != std::string::npos || lower == "cs")
    return Dialect::kCSharp;
  if (lower.find("jscript") != std::string::npos || lower.find("javascript") != std::string::npos || lower == "js")
    return Dialect::kJScript;
  return std::nullopt;
}

// The value of a `language=` attribute inside `tag`, quoted or not.
std::optional<Dialect> language_attribute(std::string_view tag) {
  const size_t at = find_ci(tag, "language", 0);
  if (at == std::string_view::npos) return std::nullopt;
  size_t i = tag.find('=', at);
  if (i == std::string_view::npos) return std::nullopt;
  ++i;
  while (i < tag.size() && (tag[i] == ' ' || tag[i] == '"' || tag[i] == '\'')) ++i;
  size_t j = i;
  while (j < tag.size() && tag[j] != '"' && tag[j] != '\'' && tag[j] != ' ' && tag[j] != '%' && tag[j] != '>') ++j;
  return dialect_named(tag.substr(i, j - i));
}

std::optional<Dialect> dialect_of_extension(std::string_view path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return std::nullopt;
  const std::string extension = ascii_lower(path.substr(dot + 1));
  if (extension == "asp" || extension == "asa" || extension == "cer" || extension == "vbs") return Dialect::kVbScript;
  if (extension == "aspx" || extension == "ashx" || extension == "asmx" || extension == "cshtml" || extension == "cs")
    return Dialect::kCSharp;
  if (extension == "js") return Dialect::kJScript;
  return std::nullopt;
}

size_t count(std::string_view text, std::string_view word) {
  size_t n = 0;
  for (size_t at = find_ci(text, word, 0); at != std::string_view::npos; at = find_ci(text, word, at + word.size())) ++n;
  return n;
}

// VBScript's concatenation and keywords against the C family's statement ends and `+`.
Dialect guessed_dialect(std::string_view text) {
  const std::string_view head = text.substr(0, kGuessBytes);
  size_t vb = 0, c = 0;
  for (std::string_view w : {"\"&", "&\"", "\" &", "& \"", "dim ", "end if", "execute", "chr("}) vb += count(head, w);
  for (std::string_view w : {";\n", ";\r", "\"+", "+\"", "\" +", "+ \"", "var ", "{"}) c += count(head, w);
  if (vb > c) return Dialect::kVbScript;
  const bool csharp = count(head, "(char)") || count(head, "@\"") || count(head, "convert.") || count(head, "using system");
  return csharp ? Dialect::kCSharp : Dialect::kJScript;
}

// The code regions of `text`, and the page's language from its directive (if any).
std::vector<CodeRegion> code_regions(std::string_view text, std::optional<Dialect>& page_language) {
  std::vector<CodeRegion> regions;
  bool delimited = false;
  for (size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    if (text.substr(at, 2) == "<%") {
      delimited = true;
      const size_t close = text.find("%>", at + 2);
      const size_t end = close == std::string_view::npos ? text.size() : close;
      size_t begin = at + 2;
      if (text.substr(begin, 2) == "--") {
        const size_t comment_end = text.find("--%>", begin);
        at = comment_end == std::string_view::npos ? text.size() : comment_end + 3;
        continue;
      }
      if (begin < text.size() && text[begin] == '@') {
        if (!page_language) page_language = language_attribute(text.substr(begin, end - begin));
      } else {
        if (begin < text.size() && (text[begin] == '=' || text[begin] == ':' || text[begin] == '#')) ++begin;
        if (begin < end) regions.push_back({begin, end, std::nullopt});
      }
      at = end;
      if (at >= text.size()) break;
      continue;
    }
    if (!starts_with_ci(text, at, "<script")) continue;
    const size_t tag_end = text.find('>', at);
    if (tag_end == std::string_view::npos) break;
    const std::string_view tag = text.substr(at, tag_end - at);
    if (find_ci(tag, "runat", 0) == std::string_view::npos || find_ci(tag, "server", 0) == std::string_view::npos) {
      at = tag_end;
      continue;
    }
    delimited = true;
    const size_t close = find_ci(text, "</script", tag_end + 1);
    const size_t end = close == std::string_view::npos ? text.size() : close;
    regions.push_back({tag_end + 1, end, language_attribute(tag)});
    at = end;
    if (at >= text.size()) break;
  }
  if (!delimited) regions.push_back({0, text.size(), std::nullopt});
  return regions;
}

// Which of the two size caps is the tighter.
struct OutputCap {
  size_t bytes;
  const char* name;
};

OutputCap output_cap(size_t input, const Limits& limits) {
  const uint64_t by_ratio = static_cast<uint64_t>(input) * limits.max_deobfuscate_output_ratio;
  if (by_ratio < limits.max_deobfuscate_output_bytes)
    return {static_cast<size_t>(std::max<uint64_t>(by_ratio, input)), "max_deobfuscate_output_ratio"};
  return {static_cast<size_t>(std::max<uint64_t>(limits.max_deobfuscate_output_bytes, input)),
          "max_deobfuscate_output_bytes"};
}

}  // namespace

std::pair<size_t, size_t> Deobfuscation::original_range(size_t begin, size_t end) const {
  // Outside the spans, folded and original text differ by the spans' growth so far.
  const auto map = [&](size_t f, bool is_end) -> size_t {
    int64_t shift = 0;
    for (const FoldedSpan& s : spans) {
      if (is_end ? f <= s.folded_begin : f < s.folded_begin) break;
      if (is_end ? f <= s.folded_end : f < s.folded_end) return is_end ? s.original_end : s.original_begin;
      shift = static_cast<int64_t>(s.folded_end) - static_cast<int64_t>(s.original_end);
    }
    return static_cast<size_t>(static_cast<int64_t>(f) - shift);
  };
  return {map(begin, false), map(std::max(begin, end), true)};
}

namespace {

// The constant folding of a page (no Script Encoder blobs left in it) with `steps` to spend.
Deobfuscation fold_page(std::string_view text, std::string_view path, const Limits& limits, uint64_t steps) {
  Deobfuscation result;
  const OutputCap cap = output_cap(text.size(), limits);
  FoldBudget budget;
  budget.steps = steps;
  budget.max_value_bytes = cap.bytes;
  budget.depth = limits.max_deobfuscate_depth;

  std::optional<Dialect> page_language;
  const std::vector<CodeRegion> regions = code_regions(text, page_language);
  if (!page_language) page_language = dialect_of_extension(path);
  std::optional<Dialect> guess;

  size_t at = 0;  // original bytes before `at` are in result.text
  for (const CodeRegion& region : regions) {
    if (budget.exhausted || result.limit) break;
    Dialect dialect;
    if (region.dialect) dialect = *region.dialect;
    else if (page_language) dialect = *page_language;
    else {
      if (!guess) guess = guessed_dialect(text);
      dialect = *guess;
    }
    const std::string_view code = text.substr(region.begin, region.end - region.begin);
    for (const Replacement& r : fold_code(code, dialect, budget)) {
      const size_t begin = region.begin + r.begin;
      const size_t end = region.begin + r.end;
      if (result.text.size() + (begin - at) + r.text.size() + (text.size() - end) > cap.bytes) {
        result.limit = cap.name;
        break;
      }
      result.text.append(text.substr(at, begin - at));
      const size_t folded_begin = result.text.size();
      result.text += r.text;
      result.spans.push_back({folded_begin, result.text.size(), begin, end});
      at = end;
    }
  }
  result.text.append(text.substr(at));
  if (!result.limit && budget.exhausted) result.limit = budget.exhausted;
  result.depth_reached = budget.depth_reached;
  return result;
}

// Spans over a text made in two passes: `decoded` maps the decoded text to the original,
// `folded` the final text to the decoded one. Overlapping or touching spans of the two
// become one span, so the text outside the spans stays the original's byte for byte.
std::vector<FoldedSpan> composed_spans(const std::vector<FoldedSpan>& decoded, const std::vector<FoldedSpan>& folded) {
  std::vector<FoldedSpan> spans;
  int64_t fold_growth = 0;    // of the folded spans passed: folded minus decoded length
  int64_t decode_growth = 0;  // of the decoded spans passed: decoded minus original length
  size_t d = 0, f = 0;
  const auto shifted = [](size_t at, int64_t by) { return static_cast<size_t>(static_cast<int64_t>(at) + by); };
  while (d < decoded.size() || f < folded.size()) {
    // The interval of the next span in decoded-text coordinates.
    const bool take_decoded =
        f == folded.size() || (d < decoded.size() && decoded[d].folded_begin <= folded[f].original_begin);
    const size_t group_begin = take_decoded ? decoded[d].folded_begin : folded[f].original_begin;
    size_t group_end = group_begin;
    const int64_t fold_before = fold_growth;
    const int64_t decode_before = decode_growth;
    for (;;) {
      if (d < decoded.size() && decoded[d].folded_begin <= group_end) {
        const FoldedSpan& s = decoded[d++];
        group_end = std::max(group_end, s.folded_end);
        decode_growth += static_cast<int64_t>(s.folded_end - s.folded_begin) - static_cast<int64_t>(s.original_end - s.original_begin);
      } else if (f < folded.size() && folded[f].original_begin <= group_end) {
        const FoldedSpan& s = folded[f++];
        group_end = std::max(group_end, s.original_end);
        fold_growth += static_cast<int64_t>(s.folded_end - s.folded_begin) - static_cast<int64_t>(s.original_end - s.original_begin);
      } else {
        break;
      }
    }
    spans.push_back({shifted(group_begin, fold_before), shifted(group_end, fold_growth),
                     shifted(group_begin, -decode_before), shifted(group_end, -decode_growth)});
  }
  return spans;
}

}  // namespace

Deobfuscation deobfuscate(std::string_view text, std::string_view path, const Limits& limits) {
  if (text.size() > limits.max_deobfuscate_input_bytes) {
    Deobfuscation result;
    result.text = std::string(text);
    result.limit = "max_deobfuscate_input_bytes";
    return result;
  }
  uint64_t steps = limits.max_deobfuscate_steps;
  ScriptEncoderPass decoded = decode_script_encoder_blobs(text, limits, steps);
  if (decoded.blobs == 0) {
    Deobfuscation result = fold_page(text, path, limits, steps);
    if (!result.limit) result.limit = decoded.limit;
    return result;
  }
  Deobfuscation result = fold_page(decoded.text, path, limits, steps);
  result.spans = composed_spans(decoded.spans, result.spans);
  result.encoded_blobs = decoded.blobs;
  result.encoded_blob_mismatches = decoded.mismatches;
  if (!result.limit) result.limit = decoded.limit;
  return result;
}

std::string folded_evidence(const Deobfuscation& folded, size_t begin, size_t end, uint64_t base, size_t max_bytes) {
  constexpr size_t kContext = 24;
  begin = std::min(begin, folded.text.size());
  end = std::clamp(end, begin, folded.text.size());
  const size_t from = begin > kContext ? begin - kContext : 0;
  const size_t to = std::min({folded.text.size(), end + kContext, from + max_bytes});
  const auto [original_begin, original_end] = folded.original_range(from, to);
  return fmt::format("{} (folded from bytes {}..{})", escape_unsafe_text(std::string_view(folded.text).substr(from, to - from)),
                     base + original_begin, base + original_end);
}

}  // namespace shellcarve::detect::deobfuscate
