// De-obfuscation of server-side script before matching (issue 13, item 1): the text of a
// page with every constant expression in its server code folded into the literal it
// produces (fold.h), so rules and heuristics written for `eval(Request(...))` also see it
// when it was written "e"&"v"&"a"&"l", Chr(101)&..., StrReverse("...") or
// Replace("e#v#a#l","#","").
//
// Where the code is: inside <% %> blocks (not <%@ directives, not <%-- comments --%>; the
// `=` of <%= is kept) and <script runat="server"> elements. A text with neither delimiter
// is taken as code whole (a one-liner meant to be included or run by ExecuteGlobal).
// Everything outside the code is copied unchanged.
//
// Which dialect: the block's own language attribute, else the page's <%@ ... Language=...%>,
// else the extension (.asp .asa .cer: VBScript; .aspx .ashx .asmx ...: C#), else a guess
// from the text (VBScript's `"&`, `Dim`, `End If` against `;` and `+"`).
//
// Bounds (common/limits.h, hitting one is named in `limit`): a text over
// max_deobfuscate_input_bytes is not folded; the folding spends at most
// max_deobfuscate_steps; the folded text is never longer than max_deobfuscate_output_ratio
// times the input nor max_deobfuscate_output_bytes (a fold that would pass either is not
// made, and folding stops); expressions and eval() nest at most max_deobfuscate_depth deep.
// Any bytes give an answer in time linear in their size; no exception is thrown.
//
// Before folding, Script Encoder blobs (VBScript.Encode / JScript.Encode, `#@~^...^#~@`,
// script_encoder.h) are replaced by the script they encode; one span then covers a blob's
// decoded text (and any folding inside it) and maps back to the blob's bytes. Decoding
// spends steps of the same max_deobfuscate_steps budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "common/limits.h"

namespace shellcarve::detect::deobfuscate {

// A folded expression: folded text [folded_begin, folded_end) came from the original
// bytes [original_begin, original_end).
struct FoldedSpan {
  size_t folded_begin = 0;
  size_t folded_end = 0;
  size_t original_begin = 0;
  size_t original_end = 0;
};

struct Deobfuscation {
  std::string text;               // the folded text (== the input when nothing was folded)
  std::vector<FoldedSpan> spans;  // in order; text outside them is the input's, byte for byte
  const char* limit = nullptr;    // the Limits field hit, or nullptr
  bool depth_reached = false;     // some expression nested past max_deobfuscate_depth was left
  size_t encoded_blobs = 0;       // Script Encoder blobs decoded (script_encoder.h)
  size_t encoded_blob_mismatches = 0;  // of those, the ones whose length or checksum disagreed

  bool changed() const { return !spans.empty(); }
  // The original byte range that folded text [begin, end) came from.
  std::pair<size_t, size_t> original_range(size_t begin, size_t end) const;
};

// `path` (may be empty) helps choose the dialect by extension.
Deobfuscation deobfuscate(std::string_view text, std::string_view path, const Limits& limits = default_limits());

// An examiner's view of folded text [begin, end): up to `max_bytes` bytes of it, widened by
// a little context, with unsafe characters escaped (common/display_text.h), followed by the
// original byte range it came from, e.g. `eval(Request("x")) (folded from bytes 2..61)`;
// `base` is added to the original offsets (the folded text's chunk offset in its object).
std::string folded_evidence(const Deobfuscation& folded, size_t begin, size_t end, uint64_t base = 0,
                            size_t max_bytes = 160);

}  // namespace shellcarve::detect::deobfuscate
