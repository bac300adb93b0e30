// Every content detector over one object, in chunks (see content_scan.h).
#include "detect/content_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "detect/chunk_window.h"
#include "detect/deobfuscate/deobfuscate.h"

namespace shellcarve::detect {
namespace {

// Bytes of a chunk looked at for a NUL before folding it as text.
constexpr size_t kBinarySniffBytes = 1024;

// One object's scan in progress: the raw view always, the decoded view once the first
// bytes say the content is UTF-16.
class ObjectScan {
 public:
  ObjectScan(YaraScanner& yara, const ContentScanOptions& options, const std::string& path, uint64_t size)
      : yara_(yara),
        options_(options),
        path_(path),
        target_(ScanTarget::from_path(path)),
        size_(size),
        raw_(options.chunk_size, options.overlap,
             [this](std::span<const std::byte> chunk, uint64_t base) { detect(chunk, base, ""); }) {}

  void add(const ContentPiece& piece) {
    keep(piece.bytes);
    if (piece.zeros) {
      raw_.add_zeros(piece.bytes.size());
      if (!decided_) decide();
      if (decoder_) {
        text_.clear();
        const uint64_t zero_units = decoder_->decode_zeros(piece.bytes.size(), text_);
        decoded_->add(std::as_bytes(std::span(text_)));
        decoded_->add_zeros(zero_units);
      }
      return;
    }
    raw_.add(piece.bytes);
    std::span<const std::byte> rest = piece.bytes;
    if (!decided_) {
      const size_t take = std::min(rest.size(), kEncodingSniffBytes - sniff_.size());
      sniff_.insert(sniff_.end(), rest.begin(), rest.begin() + static_cast<ptrdiff_t>(take));
      rest = rest.subspan(take);
      if (sniff_.size() < kEncodingSniffBytes) return;
      decide();
    }
    decode(rest);
  }

  ContentVerdict finish() {
    if (!decided_) decide();
    raw_.finish();
    if (decoder_) {
      text_.clear();
      decoder_->finish(text_);
      decoded_->add(std::as_bytes(std::span(text_)));
      decoded_->finish();
      if (decoder_->replaced())
        verdict_.warnings.push_back(fmt::format("{} invalid UTF-16 code unit(s) decoded as U+FFFD",
                                                decoder_->replaced()));
    }
    join_folded();
    verdict_.size = raw_.size();
    verdict_.bytes_scanned = raw_.bytes_scanned();
    verdict_.raw_chunks = raw_.chunks();
    verdict_.chunks = raw_.chunks() + (decoded_ ? decoded_->chunks() : 0);
    if (verdict_.size != size_)
      verdict_.warnings.push_back(fmt::format("content gave {} bytes of the {} expected", verdict_.size, size_));
    if (kept_.size() == verdict_.size) {
      verdict_.bytes = std::move(kept_);
      verdict_.bytes_kept = true;
    }
    return std::move(verdict_);
  }

 private:
  void keep(std::span<const std::byte> bytes) {
    if (kept_.size() + bytes.size() > options_.max_kept_bytes) {
      over_kept_ = true;
      std::vector<std::byte>().swap(kept_);
    }
    if (!over_kept_) kept_.insert(kept_.end(), bytes.begin(), bytes.end());
  }

  void decide() {
    decided_ = true;
    verdict_.encoding = sniff_text_encoding(sniff_);
    if (verdict_.encoding.encoding != TextEncoding::kAsIs) {
      decoder_.emplace(verdict_.encoding.encoding);
      decoded_.emplace(options_.chunk_size, options_.overlap, [this](std::span<const std::byte> chunk, uint64_t base) {
        detect(chunk, base, fmt::format("{} text ", encoding_name(verdict_.encoding.encoding)));
      });
      decode(std::span(sniff_).subspan(verdict_.encoding.bom_size));
    }
    std::vector<std::byte>().swap(sniff_);
  }

  void decode(std::span<const std::byte> bytes) {
    if (!decoder_ || bytes.empty()) return;
    text_.clear();
    decoder_->decode(bytes, text_);
    decoded_->add(std::as_bytes(std::span(text_)));
  }

  // Every detector over one chunk of one view; then over its folded text, when this view is
  // the page's text (the decoded one for a UTF-16 page) and folding changed it.
  void detect(std::span<const std::byte> chunk, uint64_t base, const std::string& view) {
    const std::string where = fmt::format("{}bytes {}..{}", view, base, base + chunk.size());
    run_detectors(chunk, base, size_, where, verdict_.matches, verdict_.hits);
    if (!verdict_.has_server_code) verdict_.has_server_code = !server_code(path_, chunk).empty();
    if (view.empty() == !decoder_) detect_folded(chunk, base, where);
  }

  void run_detectors(std::span<const std::byte> chunk, uint64_t base, uint64_t object_size, const std::string& where,
                     std::vector<RuleMatch>& matches, std::vector<HeuristicHit>& hits) {
    if (timeouts_ < options_.max_yara_timeouts) {
      auto outcome = yara_.scan_chunk(chunk, base, object_size, target_);
      if (!outcome) {
        verdict_.warnings.push_back(fmt::format("{}: YARA: {}", where, outcome.error().message));
      } else {
        for (RuleMatch& match : outcome->matches)
          if (std::none_of(matches.begin(), matches.end(), [&](const RuleMatch& m) { return m.rule == match.rule; }))
            matches.push_back(std::move(match));
        for (const std::string& warning : outcome->warnings)
          verdict_.warnings.push_back(fmt::format("{}: {}", where, warning));
        if (outcome->timed_out) {
          verdict_.timed_out = true;
          if (++timeouts_ == options_.max_yara_timeouts && base + chunk.size() < size_)
            verdict_.warnings.push_back(fmt::format(
                "YARA not run past {} after {} timeouts (max_yara_timeouts); heuristics only there", where,
                timeouts_));
        }
      }
    }
    for (HeuristicHit& hit : content_heuristics(path_, chunk))
      if (std::none_of(hits.begin(), hits.end(), [&](const HeuristicHit& h) { return h.name == hit.name; }))
        hits.push_back(std::move(hit));
  }

  // The folded view of one chunk (deobfuscate/deobfuscate.h). Its matches are kept apart and
  // joined in finish(), so a detector that also matches an original view anywhere is never
  // said to need the folding.
  void detect_folded(std::span<const std::byte> chunk, uint64_t base, const std::string& where) {
    const std::string_view text(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    // Binary content (a NUL among its first bytes: DLLs, images) holds no script to fold.
    if (text.substr(0, kBinarySniffBytes).find('\0') != std::string_view::npos) return;
    const Limits& limits = default_limits();
    const deobfuscate::Deobfuscation folded = deobfuscate::deobfuscate(text, path_, limits);
    // Nothing silent: where the folded view is short of the page, the verdict says so. A
    // chunk over the input cap is not folded at all; that is said when it holds server code
    // (a large packed page), not for every large script or text file.
    if (folded.limit && std::string_view(folded.limit) == "max_deobfuscate_input_bytes") {
      if (!server_code(path_, chunk).empty())
        gap(fmt::format("{}: server code not de-obfuscated: the text is {} bytes, over max_deobfuscate_input_bytes "
                        "({}); rules and heuristics saw it only as written",
                        where, chunk.size(), limits.max_deobfuscate_input_bytes));
    } else if (folded.limit) {
      gap(fmt::format("{}: de-obfuscation stopped at {}; the text is folded up to there", where, folded.limit));
    }
    if (folded.depth_reached)
      gap(fmt::format("{}: de-obfuscation left expressions nested deeper than max_deobfuscate_depth ({}) as "
                      "written; what they would fold to was not scanned",
                      where, limits.max_deobfuscate_depth));
    if (!folded.changed()) return;
    ++verdict_.folded_chunks;
    const auto bytes = std::as_bytes(std::span(folded.text));
    // `filesize` as if this chunk were its folded text; offsets are in the folded text.
    const uint64_t object_size = size_ - std::min<uint64_t>(size_, chunk.size()) + bytes.size();
    std::vector<RuleMatch> matches;
    std::vector<HeuristicHit> hits;
    run_detectors(bytes, 0, object_size, "folded text of " + where, matches, hits);
    for (RuleMatch& match : matches) {
      if (std::any_of(folded_matches_.begin(), folded_matches_.end(),
                      [&](const auto& m) { return m.first.rule == match.rule; }))
        continue;
      const StringMatch* first = match.strings.empty() ? nullptr : &match.strings.front();
      std::string evidence = first ? deobfuscate::folded_evidence(folded, first->offset, first->offset + first->length, base)
                                   : deobfuscate::folded_evidence(folded, folded.spans.front().folded_begin,
                                                                  folded.spans.front().folded_end, base);
      folded_matches_.emplace_back(std::move(match), std::move(evidence));
    }
    for (HeuristicHit& hit : hits) {
      if (std::any_of(folded_hits_.begin(), folded_hits_.end(), [&](const auto& h) { return h.name == hit.name; }))
        continue;
      const auto [begin, end] = folded.original_range(folded.spans.front().folded_begin, folded.spans.back().folded_end);
      hit.evidence += fmt::format(" (in the folded text; folded from bytes {}..{})", base + begin, base + end);
      folded_hits_.push_back(std::move(hit));
    }
  }

  // A place where the de-obfuscated view falls short: a warning, and a note for the finding.
  void gap(std::string what) {
    verdict_.warnings.push_back(what);
    verdict_.deobfuscation_gaps.push_back(std::move(what));
  }

  // Folded-only matches join the verdict, each said to be so.
  void join_folded() {
    for (auto& [match, evidence] : folded_matches_) {
      // A named copy of the rule: clang 14 cannot capture a structured binding in a lambda.
      const std::string& rule = match.rule;
      if (std::any_of(verdict_.matches.begin(), verdict_.matches.end(), [&](const RuleMatch& m) { return m.rule == rule; }))
        continue;
      verdict_.deobfuscated.push_back({match.rule, std::move(evidence)});
      verdict_.matches.push_back(std::move(match));
    }
    for (HeuristicHit& hit : folded_hits_) {
      if (std::any_of(verdict_.hits.begin(), verdict_.hits.end(), [&](const HeuristicHit& h) { return h.name == hit.name; }))
        continue;
      verdict_.deobfuscated.push_back({hit.name, hit.evidence});
      verdict_.hits.push_back(std::move(hit));
    }
  }

  YaraScanner& yara_;
  const ContentScanOptions& options_;
  const std::string& path_;
  ScanTarget target_;
  uint64_t size_;
  ChunkWindow raw_;
  std::optional<ChunkWindow> decoded_;
  std::optional<Utf16Decoder> decoder_;
  bool decided_ = false;
  std::vector<std::byte> sniff_;
  std::string text_;
  std::vector<std::byte> kept_;
  bool over_kept_ = false;
  uint32_t timeouts_ = 0;
  std::vector<std::pair<RuleMatch, std::string>> folded_matches_;  // with their evidence
  std::vector<HeuristicHit> folded_hits_;
  ContentVerdict verdict_;
};

}  // namespace

PieceSource bytes_source(std::span<const std::byte> bytes) {
  return [bytes](const PieceSink& sink) -> Status {
    sink(ContentPiece{bytes, false});
    return {};
  };
}

Result<ContentScanner> ContentScanner::create(std::shared_ptr<const YaraRules> rules,
                                              const ContentScanOptions& options) {
  SC_ASSIGN_OR_RETURN(auto yara, YaraScanner::create(std::move(rules)));
  return ContentScanner(std::move(yara), options);
}

ContentVerdict ContentScanner::scan(const std::string& path, uint64_t size, const PieceSource& source,
                                    const ContextDetector& context) {
  ObjectScan scan(yara_, options_, path, size);
  const Status read = source([&](const ContentPiece& piece) {
    scan.add(piece);
    return true;
  });
  ContentVerdict verdict = scan.finish();
  if (!read) verdict.warnings.push_back(fmt::format("read stopped after {} bytes: {}", verdict.size, read.error().message));
  if (context) context(verdict);
  if (!verdict.flagged()) {
    std::vector<std::byte>().swap(verdict.bytes);
    verdict.bytes_kept = false;
    return verdict;
  }
  if (verdict.bytes_kept) {
    verdict.digests = digest_all(verdict.bytes);
    return verdict;
  }
  // Too large to have kept: read again for the hashes (only flagged content is hashed).
  ContentDigestStream digests;
  const Status again = source([&](const ContentPiece& piece) {
    digests.update(piece.bytes);
    return true;
  });
  if (!again) verdict.warnings.push_back("reading again for the hashes failed: " + again.error().message);
  verdict.digests = digests.finish();
  return verdict;
}

ContentVerdict ContentScanner::scan_bytes(const std::string& path, std::span<const std::byte> bytes) {
  return scan(path, bytes.size(), bytes_source(bytes));
}

std::vector<std::string> ContentVerdict::notes(const ContentScanOptions& options) const {
  std::vector<std::string> out;
  if (raw_chunks > 1)
    out.push_back(fmt::format("scanned in {} chunks of at most {} bytes overlapping by {} bytes (a match longer "
                              "than the overlap across a boundary, or a rule needing strings further apart than a "
                              "chunk, can be missed)",
                              raw_chunks, options.chunk_size, options.overlap));
  if (zero_bytes_skipped() > 0)
    out.push_back(fmt::format("{} of {} bytes are runs of zeros (sparse or uninitialised) and were skipped",
                              zero_bytes_skipped(), size));
  if (encoding.encoding != TextEncoding::kAsIs)
    out.push_back(fmt::format("{}: decoded to UTF-8 for the rules and heuristics as well; hashes and evidence "
                              "are of the original bytes",
                              encoding.reason));
  if (timed_out) out.push_back("YARA scan timed out: matches may be incomplete");
  if (!deobfuscated.empty())
    out.push_back(fmt::format("{} detector(s) matched only the de-obfuscated text (constant expressions of its "
                              "server code folded; see deobfuscated)",
                              deobfuscated.size()));
  for (const std::string& gap : deobfuscation_gaps) out.push_back(gap);
  return out;
}

}  // namespace shellcarve::detect
