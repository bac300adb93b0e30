// batch_record.h: the state of one image of a batch, kept in ROOT/batch-state/NAME.record and
// replaced atomically (temp + rename) at each change: "running" when its scan starts,
// "done" or "failed" when it ends. A record still "running" when no batch is running is an
// interrupted scan (killed, crashed machine): the next run redoes it. The fingerprint says
// what the result was computed from (tool build, options, the image's files), so a rerun
// with anything changed redoes the image instead of trusting an old result.
//
// The file is plain "key=value" lines (values escaped: \\ \n \r), ours alone: the batch must
// read back what it wrote without a JSON parser, and an examiner can read it with `cat`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"

namespace shellcarve {

enum class BatchStatus { kRunning, kDone, kFailed, kInterrupted, kSkipped };

struct BatchRecord {
  std::string name;   // the case folder under the root
  std::string image;
  std::string fingerprint;  // batch_fingerprint()
  BatchStatus status = BatchStatus::kSkipped;
  std::string started, finished;  // ISO 8601 UTC ("" when not yet)
  double duration_seconds = 0;
  uint64_t findings = 0, critical = 0, after_patch = 0;
  std::string patched_at;  // as findings.json's header states it ("unknown")
  std::optional<uint64_t> patched_at_given;  // FILETIME from the batch manifest
  std::string case_number, evidence_number, examiner;
  // Identity: the image's stored and computed hashes, and the verification.
  std::string stored_md5, stored_sha1, md5, sha1, sha256, verification;
  uint64_t peak_memory_bytes = 0;  // the scan process's maximum resident set
  uint64_t estimated_memory_bytes = 0;
  std::string error;  // why it failed or was interrupted
  int64_t pid = 0;    // the scan process, while running
  std::string slurm_job;  // "JOBID_TASK" when run as a Slurm array task
};

const char* batch_status_name(BatchStatus status);

std::string render_batch_record(const BatchRecord& record);
// A damaged record (torn by a crash before the rename, or edited) is an error naming what.
Result<BatchRecord> parse_batch_record(std::string_view text);

// ROOT/batch-state/NAME.record
std::string batch_record_path(const std::string& root, const std::string& name);
Result<std::optional<BatchRecord>> load_batch_record(const std::string& root, const std::string& name);
Status store_batch_record(const std::string& root, const BatchRecord& record);

}  // namespace shellcarve
