// batch_runner.h: runs a batch. Each image is scanned in a child process of its own (fork,
// then run_scan() in the child): one image's crash, out-of-memory kill or hang cannot take
// the batch or another image with it, and its peak memory is measured exactly (wait4's
// ru_maxrss). Images start in input order while fewer than `jobs` run and the estimated
// memory of those running plus the next one fits the budget (the next always starts when
// nothing runs, so an image larger than the budget runs alone rather than never).
//
// Signals: the first SIGINT/SIGTERM stops new images from starting and lets running ones
// finish; a second one interrupts them (SIGTERM to each child), and they are recorded
// "interrupted", to be redone by the next run. The children are in process groups of their
// own, so a Ctrl-C at the terminal reaches the batch, not the scans.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "case/batch/batch_index.h"
#include "case/batch/batch_input.h"
#include "case/scan_pipeline.h"
#include "common/result.h"

namespace shellcarve {

struct BatchRequest {
  std::vector<BatchItem> items;  // with names assigned (assign_case_names)
  std::string root;              // the batch root: case folders, batch-state/, the index
  // The scan options every image gets (rules, webroots, partition, hash, carve, examiner,
  // command line); image, out, force, patched_at and case numbers come from each item.
  ScanRequest scan;
  unsigned jobs = 1;
  uint64_t memory_budget = 0;  // bytes; 0: no limit beyond `jobs`
  // Run in each child before its scan (the CLI installs its signal handling there).
  std::function<void()> child_setup;
};

// What a progress display needs, after every change.
struct BatchProgress {
  size_t total = 0, finished = 0, skipped_done = 0, failed = 0;
  std::vector<std::string> running;  // names of the images being scanned
  double elapsed_seconds = 0;
  double eta_seconds = -1;  // -1: not yet known
  bool stopping = false;
  std::string event;  // one line about what just happened ("" for a timer tick)
};

struct BatchSummary {
  std::vector<BatchRow> rows;
  size_t done = 0, failed = 0, interrupted = 0, skipped = 0, reused = 0;
  bool stopped_by_signal = false;
};

// Everything the image's result depends on, hashed: the tool build, the scan options, the
// item's own fields and the image's files (name, size, modification time of every file in
// its folder that shares its stem: the segments).
std::string batch_fingerprint(const BatchItem& item, const ScanRequest& scan);

// The memory a scan of `image` is expected to need: about 1 KiB per MFT record of every NTFS
// volume (docs/memory.md), plus a fixed base. An image that cannot be opened gets the base.
uint64_t estimate_scan_memory(const std::string& image, std::optional<uint32_t> partition);

// Scans one item into ROOT/NAME and stores its record (done or failed), in this process: the
// per-image code path the batch's children and Slurm array tasks both run. Returns the
// record.
BatchRecord scan_batch_item(const BatchItem& item, const std::string& root, const ScanRequest& scan,
                            uint64_t estimated_memory);

Result<BatchSummary> run_batch(const BatchRequest& request,
                               const std::function<void(const BatchProgress&)>& progress);

// Whether `row`'s record says it is done with exactly these inputs and its case folder is there.
bool batch_item_done(const BatchRow& row, const ScanRequest& scan, const std::string& root);

// The rows of the index as the records on disk say (for `batch --status`).
std::vector<BatchRow> current_batch_rows(const std::vector<BatchItem>& items, const std::string& root);

}  // namespace shellcarve
