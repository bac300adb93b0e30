// case/batch/ -- `shellcarve batch`: many images scanned unattended, each into its own case
// folder under one root, through the same run_scan() as `scan` (case/scan_pipeline.h). The
// state of every image is a small record file written atomically when its scan starts and
// ends, so a rerun after a crash, a reboot or kill -9 knows exactly what is done (same
// inputs, options and tool build), what failed and what was interrupted, and redoes only
// those. The batch index (batch.json, batch.csv) is rebuilt from the records after every
// image, so it is never half written nor stale by more than the images running.
//
// batch_input.h: which images a batch covers -- a manifest CSV (one image per row, with its
// optional patch time, case and evidence numbers and examiner) or folders searched for the
// first segment of each image -- and the case folder name each gets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace shellcarve {

struct BatchItem {
  std::string image;  // the image's path (first segment of a set)
  std::optional<uint64_t> patched_at;  // FILETIME, when the manifest gives one
  std::optional<std::string> case_number, evidence_number, examiner;
  std::string name;   // the case folder's name under the batch root (unique, filesystem-safe)
  std::string source; // where the item came from: "manifest.csv:LINE" or "search of DIR"
};

// A manifest: CSV with a header row naming its columns (any order, case-insensitive):
// `image` (required; relative paths are taken from the manifest's folder), `patched_at`
// (ISO 8601), `case_number`, `evidence_number`, `examiner`, `name` (the case folder's name).
// Empty lines and lines starting with '#' are skipped. A bad row is an error naming the line.
Result<std::vector<BatchItem>> read_batch_manifest(const std::string& path);

// Folders searched (recursively, in name order) for images: E01 sets by their first segment
// (.E01/.Ex01, any case: the other segments belong to it), split raw by .001, and single raw
// files (.raw .dd .img .bin). Symbolic links are not followed.
Result<std::vector<BatchItem>> find_batch_images(const std::vector<std::string>& folders);

// Gives every item a unique case folder name: the given `name`, else the image's file name
// without its segment extension, with characters outside [A-Za-z0-9._-] replaced by '_'; a
// name taken twice gets "-2", "-3"... in input order. Deterministic for the same input.
void assign_case_names(std::vector<BatchItem>& items);

// The items as a manifest that read_batch_manifest() reads back to the same items (names
// included): the batch's plan, kept in ROOT/batch-state/plan.csv for `--status` and for
// the Slurm array tasks.
std::string render_batch_manifest(const std::vector<BatchItem>& items);

}  // namespace shellcarve
