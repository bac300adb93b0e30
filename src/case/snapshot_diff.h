// What changed in the web roots between a Volume Shadow Copy store and the live volume:
// files present in the snapshot and deleted or absent live, content changed (SHA-256 of the
// unnamed $DATA), $STANDARD_INFORMATION times changed -- live times earlier than the
// snapshot's are a timestomp undone by comparison, the strongest timestomp evidence there
// is: the snapshot saw the file's true times, then they were set back -- and files added
// since the snapshot. Files are matched by path (as the tree places them), allocated names
// only. Each difference carries both versions' provenance and becomes a timeline event
// (source VSS_DIFF, dated at the snapshot time) and an entry of findings.json's
// `snapshot_differences`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "case/volume_analysis.h"
#include "common/json_writer.h"
#include "timeline/event.h"

namespace shellcarve {

enum class SnapshotChange { kDeletedSinceSnapshot, kContentChanged, kTimestampsChanged, kTimestompUndone, kAddedSinceSnapshot };

// "deleted_since_snapshot", "content_changed", "timestamps_changed", "timestomp_undone",
// "added_since_snapshot".
const char* snapshot_change_name(SnapshotChange change);

// One version of a file: where it is and what it holds.
struct FileVersion {
  uint64_t mft_entry = 0;
  uint16_t mft_sequence = 0;
  uint64_t size = 0;
  ntfs::NtfsTimes si;          // $STANDARD_INFORMATION times
  std::string sha256;          // of the unnamed $DATA ("" when unreadable or none)
  uint64_t record_offset = 0;  // byte offset of its MFT record (image offset live, store-volume offset in a store)
};

struct SnapshotDifference {
  SnapshotChange change = SnapshotChange::kContentChanged;
  std::string path;
  std::string webroot;
  uint32_t partition = 0;
  uint32_t store = 0;
  uint64_t store_time = 0;
  std::optional<FileVersion> snapshot;  // absent: added since
  std::optional<FileVersion> live;      // absent: deleted or gone since
  std::string detail;                   // which times moved, and how
};

// The live volume's versions, read once for all the stores compared with it (hashing a web
// root's files again for every store would read the live volume once per store).
using LiveVersions = std::map<std::string, FileVersion, std::less<>>;

// Compares the web-root files of `snapshot` (a store's analysis) with `live` (the same
// partition's), both with their catalog and tree still held; `cache` holds the live
// versions already read (start with an empty one per live volume). NTFS's own files (the
// root's $-names) and System Volume Information (where the stores themselves live) are left
// out: they change with every snapshot and say nothing of the web roots. Sorted by path,
// then change.
std::vector<SnapshotDifference> diff_snapshot(const VolumeAnalysis& live, const VolumeAnalysis& snapshot,
                                              LiveVersions& cache);

// The timeline events of the differences (one each, at the snapshot time).
std::vector<TimelineEvent> snapshot_difference_events(const std::vector<SnapshotDifference>& differences);

// findings.json's "snapshot_differences" array.
void write_snapshot_differences(JsonWriter& json, const std::vector<SnapshotDifference>& differences);

}  // namespace shellcarve
