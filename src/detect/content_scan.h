// ContentScanner: every content detector -- the compiled YARA rules and the content
// heuristics -- over one piece of content of any size, given as a stream of pieces. It is
// the one place the hunt (live files), the record carver (resident data of carved FILE
// records) and the content carver (objects cut from free space and slack) scan content,
// and it answers with the matches and every warning the scan produced (YARA timeouts,
// match caps, read errors): nothing a detector did not look at goes unsaid.
//
// How content is looked at:
//   * in chunks of ContentScanOptions::chunk_size bytes overlapping by `overlap` bytes
//     (chunk_window.h), so memory stays bounded whatever the size; YARA sees each chunk with
//     `filesize` the size of the whole object and offsets in the object;
//   * runs of zeros (sparse runs) are skipped after the overlap around them;
//   * a page in UTF-16 (byte order mark, or guessed: text_encoding.h) is also decoded to
//     UTF-8 and that text scanned too, since the rules and heuristics are written for
//     ASCII-compatible text; hashes and evidence stay those of the original bytes;
//   * the text (the original bytes, or the decoded UTF-8 of a UTF-16 page) with its server
//     code's constant expressions folded (deobfuscate/deobfuscate.h: "e"&"v"&"a"&"l" is
//     "eval") is scanned too, when folding changed something. A rule or heuristic that
//     matches only there is listed in ContentVerdict::deobfuscated with the folded text it
//     matched and the original bytes that text came from.
//
// Threading: like YaraScanner, one ContentScanner per worker thread; the rules are shared.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "detect/heuristics.h"
#include "detect/text_encoding.h"
#include "detect/yara_scanner.h"
#include "common/digest.h"

namespace shellcarve::detect {

// One piece of content, in order. `zeros`: every byte is zero (a sparse run, bytes past the
// initialized size); the scanner then skips them without reading them.
struct ContentPiece {
  std::span<const std::byte> bytes;
  bool zeros = false;
};
// Returns false to stop the source early.
using PieceSink = std::function<bool(const ContentPiece&)>;
// Hands the content, piece by piece, to the sink; may be called more than once (for the
// hashes and the evidence of content too large to keep), giving the same bytes each time.
using PieceSource = std::function<Status(const PieceSink&)>;

struct ContentScanOptions {
  // 16 MiB chunks: large enough that the overlap re-scans under 0.5% of the bytes, small
  // enough that one scanner per thread holds a few dozen MiB at most.
  size_t chunk_size = 16u << 20;
  // The longest match that may straddle two chunks and still be found. libyara never
  // matches a regular expression or hex string over more than 4,096 bytes (YR_RE_SCAN_LIMIT
  // in libyara/include/yara/limits.h) and our rules' literal strings are far shorter; the
  // tiny_request_eval heuristic needs a page's server code whole, under 1 KiB
  // (kTinyServerCodeBytes) plus its <% %> and directive. 64 KiB covers both with room to
  // spare, at 0.4% of a chunk.
  size_t overlap = 64u << 10;
  // Content up to this size is kept in the verdict (for hashes and evidence); larger
  // content is read again from its source when it is flagged.
  uint64_t max_kept_bytes = 16u << 20;
  // After this many YARA timeouts in one object, its later chunks get the heuristics alone
  // (each timeout costs YaraLimits::timeout_seconds); said in the warnings.
  uint32_t max_yara_timeouts = 2;
};

// A detector that matched the de-obfuscated text but neither original view.
struct DeobfuscatedMatch {
  std::string detector;  // the rule ("namespace:rule" as in RuleMatch::rule) or heuristic name
  std::string evidence;  // the folded text it matched (escaped, bounded) and its original bytes
};

struct ContentVerdict {
  std::vector<RuleMatch> matches;   // each rule once, as first matched
  std::vector<HeuristicHit> hits;   // each heuristic once, as first hit
  std::vector<DeobfuscatedMatch> deobfuscated;  // of matches and hits, those found only folded
  bool has_server_code = false;     // some chunk held server code (heuristics.h server_code)
  bool timed_out = false;           // some YARA scan hit its timeout
  std::vector<std::string> warnings;  // timeouts, caps, read errors (with byte ranges)
  // Where the de-obfuscated view is short of the page: server code in a chunk over
  // max_deobfuscate_input_bytes (not folded at all), folding stopped at a cap, expressions
  // nested past max_deobfuscate_depth left as written. Each is also in `warnings`, and in
  // notes() for the finding.
  std::vector<std::string> deobfuscation_gaps;
  EncodingGuess encoding;           // kAsIs unless a UTF-16 view was scanned too
  uint64_t size = 0;                // bytes the source gave
  uint64_t bytes_scanned = 0;       // of them, bytes some detector saw
  uint64_t chunks = 0;              // chunks scanned (both views)
  uint64_t raw_chunks = 0;          // of them, chunks of the original bytes
  uint64_t folded_chunks = 0;       // chunks whose folded text differed and was scanned too
  ContentDigests digests;           // of the original bytes; only when flagged()
  std::vector<std::byte> bytes;     // the content, when flagged() and not over max_kept_bytes
  bool bytes_kept = false;

  bool flagged() const { return !matches.empty() || !hits.empty(); }
  uint64_t zero_bytes_skipped() const { return size - bytes_scanned; }
  // What a finding should say about how its content was scanned (chunks, skipped zeros,
  // decoding, timeout).
  std::vector<std::string> notes(const ContentScanOptions& options) const;
};

class ContentScanner {
 public:
  static Result<ContentScanner> create(std::shared_ptr<const YaraRules> rules,
                                       const ContentScanOptions& options = {});

  // A detector that judges more than the bytes (a page's name against its folder's): it
  // sees the verdict of the content detectors and may add hits before the verdict is final.
  using ContextDetector = std::function<void(ContentVerdict&)>;

  // Scans the content `source` gives. `path` names it for the heuristics and YARA's
  // external variables ("" for carved content); `size` is its size (YARA's filesize).
  ContentVerdict scan(const std::string& path, uint64_t size, const PieceSource& source,
                      const ContextDetector& context = {});
  ContentVerdict scan_bytes(const std::string& path, std::span<const std::byte> bytes);

  const ContentScanOptions& options() const { return options_; }

 private:
  ContentScanner(YaraScanner yara, const ContentScanOptions& options)
      : yara_(std::move(yara)), options_(options) {}

  YaraScanner yara_;
  ContentScanOptions options_;
};

// The pieces of `bytes` held in memory, as a source.
PieceSource bytes_source(std::span<const std::byte> bytes);

}  // namespace shellcarve::detect
