// ContentCarver: finds webshell content in bytes that belong to no file -- a block of free
// clusters, a file's slack, an MFT record's slack. The server-side marker pre-filter
// (server_markers.h) finds where page code may be; an object is cut around each marker
// (object_bounds.h) and scanned with every content detector (content_scan.h: the compiled
// YARA rules and the content heuristics); objects one flags are returned with where they
// came from, and their bytes -- or, given an evidence store, written there at once and not
// kept, so a pass over a whole volume holds no flagged bytes. The bytes are never executed
// and never written under a name taken from the image.
//
// Threading: like ContentScanner, one ContentCarver per worker thread (it owns one scanner);
// the compiled rules are shared.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "carve/object_bounds.h"
#include "common/result.h"
#include "detect/content_scan.h"
#include "detect/yara_scanner.h"
#include "common/evidence_store.h"

namespace shellcarve::carve {

struct CarvedObject {
  uint64_t image_offset = 0;    // of the object's first byte
  uint64_t size = 0;
  std::vector<std::byte> bytes;  // empty when written to the evidence store
  bool newly_stored = false;     // this carver wrote it to the store (no one had before)
  std::string marker;           // the pre-filter marker that led to it
  uint64_t marker_offset = 0;   // image offset of that marker
  std::string start_reason, end_reason;
  detect::ContentVerdict verdict;  // flagged() is true; bytes and digests filled
};

struct ContentScanStats {
  uint64_t markers = 0;          // pre-filter hits
  uint64_t objects_scanned = 0;  // objects cut and given to the detectors
  uint64_t object_bytes = 0;     // their bytes
  std::vector<std::string> warnings;  // YARA errors, timeouts and caps, with the image offset
  Status evidence_error;             // the first failure writing to the evidence store
};

class ContentCarver {
 public:
  // `evidence` (may be null; shared by the carvers of every thread) receives each flagged
  // object's bytes as it is found.
  static Result<ContentCarver> create(std::shared_ptr<const detect::YaraRules> rules,
                                      const CutLimits& limits, EvidenceStore* evidence = nullptr);

  // Scans `region` (whose first byte is at `image_offset`, all bytes consecutive in the
  // image) for objects that *start* in bytes[owned_begin, owned_end); markers are looked
  // for up to max_size past owned_end, so an object starting in the owned part is found
  // even when its first marker lies beyond it. Matches are appended to `out`.
  void scan(const Region& region, size_t owned_begin, size_t owned_end, uint64_t image_offset,
            std::vector<CarvedObject>& out);

  const ContentScanStats& stats() const { return stats_; }
  const CutLimits& limits() const { return limits_; }

 private:
  ContentCarver(detect::ContentScanner scanner, const CutLimits& limits, EvidenceStore* evidence)
      : scanner_(std::move(scanner)), limits_(limits), evidence_(evidence) {}

  detect::ContentScanner scanner_;
  CutLimits limits_;
  EvidenceStore* evidence_ = nullptr;
  ContentScanStats stats_;
};

}  // namespace shellcarve::carve
