// Microsoft Script Encoder (screnc.exe: VBScript.Encode, JScript.Encode, .vbe/.jse) blobs
// decoded back to the script they hide, so the de-obfuscation pass (deobfuscate.h) and the
// rules see `eval request("x")` and not `#@~^FAAAAA==...`.
//
// A blob: `#@~^` + 6 base64 characters (a 32-bit little-endian length) + `==` + the encoded
// text + 6 base64 characters (a 32-bit checksum) + `==^#~@`. In the encoded text `@&`,
// `@#`, `@*`, `@!`, `@$` stand for LF, CR, `>`, `<`, `@`; every other byte below 0x80 that
// is a tab or printable is substituted through one of three tables, the table chosen by a
// fixed 64-entry pattern indexed by the count of decoded characters below 0x80 so far;
// bytes from 0x80 up (code-page text) are copied and do not move the pattern. The checksum
// is the sum of the decoded bytes. The length counts the encoded characters (bytes for
// ASCII text; a double-byte character counts once, so it is below the byte count then).
//
// Both are checked, neither is needed: a blob whose length or checksum does not agree is
// still decoded and counted as a mismatch (pages saved in another code page than they were
// encoded in disagree on every non-ASCII character). A blob with no terminator, with a
// header or checksum that is not base64, or with another blob's header inside it is not a
// blob and is left as it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/limits.h"
#include "detect/deobfuscate/deobfuscate.h"

namespace shellcarve::detect::deobfuscate {

struct DecodedBlob {
  std::string text;            // the decoded script
  size_t encoded_bytes = 0;    // the whole blob, markers included
  uint32_t length = 0;         // as the header says
  uint32_t checksum = 0;       // as the trailer says
  bool length_ok = false;
  bool checksum_ok = false;
};

// `blob` starts with `#@~^`; bytes after its `^#~@` are ignored. nullopt when it is not a
// well-formed blob (see above).
std::optional<DecodedBlob> decode_script_encoder_blob_checked(std::string_view blob);
std::optional<std::string> decode_script_encoder_blob(std::string_view blob);

// `text` with every blob in it replaced by its decoded script. Spans map the decoded text
// back to each blob's bytes (as in Deobfuscation). Time is linear in the text's size; a
// text over limits.max_deobfuscate_input_bytes is returned as it is (limit named); `steps`
// (the pass's share of max_deobfuscate_steps) is charged one step per blob and one per 64
// bytes decoded, and decoding stops when it runs out (limit named).
struct ScriptEncoderPass {
  std::string text;
  std::vector<FoldedSpan> spans;
  size_t blobs = 0;       // decoded
  size_t mismatches = 0;  // of those, the ones whose length or checksum disagreed
  const char* limit = nullptr;
};
ScriptEncoderPass decode_script_encoder_blobs(std::string_view text, const Limits& limits, uint64_t& steps);

}  // namespace shellcarve::detect::deobfuscate
