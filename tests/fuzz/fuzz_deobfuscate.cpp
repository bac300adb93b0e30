// Fuzz target: the de-obfuscation pass (src/detect/deobfuscate/) on any bytes. The first
// byte chooses the file name (dialect by extension, or none) and tight limits (small step
// budget, output ratio, depth), so the caps are hit as well as passed. Checks: the folded
// text respects its size caps; the spans are in order, inside both texts, and the text
// outside them is the input's byte for byte; the evidence of any range is clean text; a
// Script Encoder blob's script is no longer than the blob.
#include <string>
#include <string_view>

#include "detect/deobfuscate/deobfuscate.h"
#include "detect/deobfuscate/script_encoder.h"
#include "fuzz_target.h"
#include "output_checks.h"

SHELLCARVE_FUZZ_TARGET(deobfuscate) {
  using namespace shellcarve::detect::deobfuscate;
  if (size == 0) return 0;
  const unsigned choice = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  static const char* const kPaths[] = {"", "x.asp", "x.aspx", "x.js"};
  shellcarve::Limits limits;
  if (choice & 0x04) limits.max_deobfuscate_steps = 64;
  if (choice & 0x08) limits.max_deobfuscate_output_ratio = 1;
  if (choice & 0x10) limits.max_deobfuscate_depth = 2;
  if (choice & 0x20) limits.max_deobfuscate_output_bytes = 64;

  const Deobfuscation d = deobfuscate(text, kPaths[choice & 3], limits);
  const size_t cap = std::max<size_t>(text.size(), std::min<uint64_t>(uint64_t{text.size()} * limits.max_deobfuscate_output_ratio,
                                                                       limits.max_deobfuscate_output_bytes));
  if (d.text.size() > cap) __builtin_trap();
  size_t folded_at = 0, original_at = 0;
  for (const FoldedSpan& s : d.spans) {
    if (s.folded_begin < folded_at || s.original_begin < original_at || s.folded_end < s.folded_begin ||
        s.original_end < s.original_begin || s.folded_end > d.text.size() || s.original_end > text.size())
      __builtin_trap();
    if (s.folded_begin - folded_at != s.original_begin - original_at ||
        d.text.compare(folded_at, s.folded_begin - folded_at, text.substr(original_at, s.original_begin - original_at)) != 0)
      __builtin_trap();
    folded_at = s.folded_end;
    original_at = s.original_end;
  }
  if (d.text.substr(folded_at) != text.substr(original_at)) __builtin_trap();
  const std::string evidence = folded_evidence(d, d.text.size() / 3, d.text.size() / 2, 0, 64);
  if (!shellcarve::fuzz::check_clean_text(evidence).empty()) __builtin_trap();
  const auto [begin, end] = d.original_range(0, d.text.size());
  if (begin != 0 || end != text.size()) __builtin_trap();
  // A Script Encoder blob at the start: its script is never longer than the blob.
  if (const auto blob = decode_script_encoder_blob_checked(text))
    if (blob->text.size() > blob->encoded_bytes || blob->encoded_bytes > text.size()) __builtin_trap();
  return 0;
}
