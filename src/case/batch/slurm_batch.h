// slurm_batch.h: a batch run by Slurm, the scheduler evidence-server clusters already run.
// Submitting writes ROOT/batch-state/slurm.sbatch -- one array task per image not yet done,
// each running `shellcarve batch --task N` with the batch's scan options: the same per-image
// code path (scan_batch_item) as a local batch -- submits it with sbatch and appends the job
// id to ROOT/batch-state/slurm-jobs. Slurm does the queueing, placement and retries; nothing
// here schedules. The state of a Slurm batch is the tasks' own records merged with squeue
// (pending with its reason, running); a record left "running" by a task that is no longer in
// the queue is a task that ended without a result (killed at its time limit, out of memory,
// node lost) and is shown as interrupted.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "case/batch/batch_runner.h"
#include "common/result.h"

namespace shellcarve {

struct SlurmOptions {
  std::string executable;              // the shellcarve the tasks run (this one, by absolute path)
  std::vector<std::string> scan_args;  // the scan options as command-line arguments
  std::string partition;               // sbatch --partition ("" = the cluster's default)
  unsigned max_parallel = 0;           // --array=...%N (0 = no limit)
  std::vector<std::string> extra_args; // more sbatch options, each as one #SBATCH line
};

struct SlurmSubmission {
  std::string job_id;                  // "" when nothing needed submitting
  std::vector<size_t> tasks;           // plan indexes submitted
  size_t already_done = 0, in_queue = 0;
  std::string script;                  // the sbatch script's path
};

// The sbatch script for `tasks` (plan indexes).
std::string render_sbatch_script(const std::string& root, const std::vector<size_t>& tasks,
                                 const SlurmOptions& options, uint64_t memory_per_task);

// Submits every item of the plan (ROOT/batch-state/plan.csv, already written) that is not
// done with these inputs and not pending or running in the queue.
Result<SlurmSubmission> submit_slurm_batch(const BatchRequest& request, const SlurmOptions& options);

// Plan index -> queue state ("PENDING (Resources)", "RUNNING") of the batch's array tasks in
// squeue; empty when none or when squeue cannot be run (`note` says so).
std::map<size_t, std::string> slurm_queue_states(const std::string& root, std::string& note);

// One array task: scans plan item `index` into ROOT and records the result with this
// process's peak memory; rebuilds the batch index under the root's lock.
Result<BatchRecord> run_slurm_task(const std::string& root, size_t index, const ScanRequest& scan);

}  // namespace shellcarve
