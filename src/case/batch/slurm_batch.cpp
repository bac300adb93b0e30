#include "case/batch/slurm_batch.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "case/batch/subprocess.h"
#include "common/atomic_file.h"

namespace shellcarve {
namespace {

namespace fs = std::filesystem;

// Single-quoted for sh: the script's only dynamic text is paths and options we were given.
std::string sh_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

fs::path state_dir(const std::string& root) { return fs::path(root) / "batch-state"; }

std::vector<std::string> submitted_jobs(const std::string& root) {
  std::ifstream in(state_dir(root) / "slurm-jobs");
  std::vector<std::string> jobs;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) jobs.push_back(line.substr(0, line.find(' ')));
  return jobs;
}

Result<std::vector<BatchItem>> read_plan(const std::string& root) {
  return read_batch_manifest((state_dir(root) / "plan.csv").string());
}

// "0-3,5,7-8": sbatch's --array list for the plan indexes.
std::string array_list(const std::vector<size_t>& tasks) {
  std::string out;
  for (size_t i = 0; i < tasks.size();) {
    size_t j = i;
    while (j + 1 < tasks.size() && tasks[j + 1] == tasks[j] + 1) ++j;
    out += (out.empty() ? "" : ",") + (i == j ? std::to_string(tasks[i]) : fmt::format("{}-{}", tasks[i], tasks[j]));
    i = j + 1;
  }
  return out;
}

}  // namespace

std::string render_sbatch_script(const std::string& root, const std::vector<size_t>& tasks,
                                 const SlurmOptions& options, uint64_t memory_per_task) {
  std::string s = "#!/bin/sh\n";
  s += "# shellcarve batch on Slurm: one array task per image (the plan's row index), each the\n";
  s += "# same per-image scan as a local batch. Written by `shellcarve batch --slurm`.\n";
  s += "#SBATCH --job-name=shellcarve-batch\n";
  s += fmt::format("#SBATCH --output={}\n", (state_dir(root) / "slurm-%A_%a.out").string());
  s += fmt::format("#SBATCH --array={}{}\n", array_list(tasks),
                   options.max_parallel ? fmt::format("%{}", options.max_parallel) : "");
  s += "#SBATCH --ntasks=1\n";
  if (memory_per_task) s += fmt::format("#SBATCH --mem={}M\n", (memory_per_task + (1u << 20) - 1) >> 20);
  if (!options.partition.empty()) s += fmt::format("#SBATCH --partition={}\n", options.partition);
  for (const auto& arg : options.extra_args) s += fmt::format("#SBATCH {}\n", arg);
  s += "exec " + sh_quote(options.executable) + " batch --task \"$SLURM_ARRAY_TASK_ID\" --out " + sh_quote(root);
  for (const auto& arg : options.scan_args) s += " " + sh_quote(arg);
  s += "\n";
  return s;
}

std::map<size_t, std::string> slurm_queue_states(const std::string& root, std::string& note) {
  std::map<size_t, std::string> states;
  const auto jobs = submitted_jobs(root);
  if (jobs.empty()) return states;
  std::string list;
  for (const auto& j : jobs) list += (list.empty() ? "" : ",") + j;
  // -r: one line per array task ("JOB_TASK"); %i id, %T state, %r reason.
  const auto out = run_program({"squeue", "-h", "-r", "-j", list, "-o", "%i|%T|%r"});
  if (!out) {
    note = "squeue could not be run: " + out.error().message;
    return states;
  }
  if (out->status != 0) {
    // squeue refuses ids it has forgotten (all finished): nothing queued.
    if (out->err.find("Invalid job id") == std::string::npos)
      note = "squeue failed: " + out->err.substr(0, out->err.find('\n'));
    return states;
  }
  std::istringstream in(out->out);
  for (std::string line; std::getline(in, line);) {
    const auto bar1 = line.find('|'), bar2 = line.rfind('|');
    const auto underscore = line.find('_');
    if (bar1 == std::string::npos || underscore == std::string::npos || underscore > bar1) continue;
    const std::string task = line.substr(underscore + 1, bar1 - underscore - 1);
    if (task.empty() || task.find_first_not_of("0123456789") != std::string::npos) continue;  // "[2-5%1]" summary
    std::string state = line.substr(bar1 + 1, bar2 - bar1 - 1);
    const std::string reason = line.substr(bar2 + 1);
    if (!reason.empty() && reason != "None" && reason != "(null)") state += " (" + reason + ")";
    states[std::stoul(task)] = state;
  }
  return states;
}

Result<SlurmSubmission> submit_slurm_batch(const BatchRequest& request, const SlurmOptions& options) {
  SlurmSubmission submission;
  std::string note;
  const auto queued = slurm_queue_states(request.root, note);
  if (!note.empty()) return fail(ErrorCode::kIo, note);
  const auto rows = current_batch_rows(request.items, request.root);
  uint64_t memory = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (batch_item_done(rows[i], request.scan, request.root)) { ++submission.already_done; continue; }
    if (queued.contains(i)) { ++submission.in_queue; continue; }
    submission.tasks.push_back(i);
    memory = std::max(memory, estimate_scan_memory(rows[i].item.image, request.scan.partition));
  }
  if (submission.tasks.empty()) return submission;
  submission.script = (state_dir(request.root) / "slurm.sbatch").string();
  SC_RETURN_IF_ERROR(write_file_atomically(submission.script,
                                           render_sbatch_script(request.root, submission.tasks, options, memory)));
  const auto out = run_program({"sbatch", "--parsable", submission.script});
  if (!out) return fail(out.error().code, out.error().message);
  if (out->status != 0)
    return fail(ErrorCode::kIo, fmt::format("sbatch refused the batch: {}", out->err.substr(0, out->err.find('\n'))));
  submission.job_id = out->out.substr(0, out->out.find_first_of(";\n"));
  // The job ids, one per line with the tasks: what --status asks squeue about.
  std::ofstream jobs(state_dir(request.root) / "slurm-jobs", std::ios::app);
  jobs << submission.job_id << " " << array_list(submission.tasks) << "\n";
  jobs.flush();
  if (!jobs) return fail(ErrorCode::kIo, "job " + submission.job_id + " submitted but its id could not be recorded");
  return submission;
}

Result<BatchRecord> run_slurm_task(const std::string& root, size_t index, const ScanRequest& scan) {
  SC_ASSIGN_OR_RETURN(const auto items, read_plan(root));
  if (index >= items.size())
    return fail(ErrorCode::kInvalidArgument, fmt::format("task {} is past the plan's {} image(s)", index, items.size()));
  const BatchItem& item = items[index];
  BatchRecord record = scan_batch_item(item, root, scan, estimate_scan_memory(item.image, scan.partition));
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  record.peak_memory_bytes = static_cast<uint64_t>(usage.ru_maxrss) * 1024;
  record.pid = 0;
  SC_RETURN_IF_ERROR(store_batch_record(root, record));
  // Tasks end at once on a cluster: the index is rebuilt under a lock of its own, so the last
  // writer has seen every record stored before it.
  const std::string lock_path = (state_dir(root) / "index.lock").string();
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) ::flock(fd, LOCK_EX);
  auto written = write_batch_index(root, current_batch_rows(items, root));
  if (fd >= 0) ::close(fd);
  if (!written) return fail(written.error().code, written.error().message);
  return record;
}

}  // namespace shellcarve
