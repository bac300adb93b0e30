// `shellcarve batch (MANIFEST.csv | DIR...) --out ROOT [--jobs N] [--memory SIZE] [scan options]`
// and `shellcarve batch --status ROOT`: options parsed into a BatchRequest, the batch run
// (case/batch/batch_runner.h), a progress line on a terminal or plain log lines otherwise,
// and a summary. With --slurm the batch is submitted to Slurm instead (case/batch/
// slurm_batch.h) and --status merges the tasks' records with squeue. Exit status: 2 when an
// image failed or was interrupted (its row says why), else 1 when some image has findings,
// else 0; --status gives 4 while images are still queued or running.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <map>

#include "case/batch/batch_runner.h"
#include "case/batch/slurm_batch.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/program_options_util.h"
#include "cli/scan_options.h"
#include "common/atomic_file.h"
#include "common/display_text.h"

namespace po = boost::program_options;

namespace shellcarve::cli {
namespace {

namespace fs = std::filesystem;

// "8G", "512M", "1024K" or bytes.
std::optional<uint64_t> parse_size(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t used = 0;
  uint64_t value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string unit = text.substr(used);
  int shift = 0;
  if (unit == "K" || unit == "k" || unit == "KiB") shift = 10;
  else if (unit == "M" || unit == "m" || unit == "MiB") shift = 20;
  else if (unit == "G" || unit == "g" || unit == "GiB") shift = 30;
  else if (unit == "T" || unit == "t" || unit == "TiB") shift = 40;
  else if (!unit.empty()) return std::nullopt;
  if (shift && value > (UINT64_MAX >> shift)) return std::nullopt;
  return value << shift;
}

std::string duration_text(double seconds) {
  const auto s = static_cast<uint64_t>(seconds + 0.5);
  if (s >= 3600) return std::to_string(s / 3600) + "h" + std::to_string(s / 60 % 60) + "m";
  if (s >= 60) return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
  return std::to_string(s) + "s";
}

std::function<void(const BatchProgress&)> progress_display(bool terminal) {
  return [terminal](const BatchProgress& p) {
    if (terminal) {
      std::string line = "shellcarve batch: " + std::to_string(p.finished) + "/" + std::to_string(p.total) +
                         " done";
      if (p.failed) line += ", " + std::to_string(p.failed) + " failed";
      if (!p.running.empty()) {
        line += " | scanning ";
        for (size_t i = 0; i < p.running.size(); ++i) line += (i ? ", " : "") + p.running[i];
      }
      line += " | " + duration_text(p.elapsed_seconds);
      if (p.eta_seconds >= 0) line += ", ETA " + duration_text(p.eta_seconds);
      if (p.stopping) line += " | stopping";
      if (!p.event.empty()) std::cerr << "\r\033[K" << "shellcarve batch: " << escape_unsafe_text(p.event) << "\n";
      std::cerr << "\r\033[K" << escape_unsafe_text(line) << std::flush;
    } else if (!p.event.empty()) {
      std::cerr << "shellcarve batch: [" << p.finished << "/" << p.total << "] " << escape_unsafe_text(p.event)
                << "\n";
    }
  };
}

// `queue`: plan index -> Slurm queue state, for a batch run on Slurm.
int print_rows(const std::vector<BatchRow>& rows, const std::map<size_t, std::string>& queue = {},
               bool on_slurm = false) {
  bool failed = false, findings = false, waiting = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    const BatchRow& row = rows[i];
    BatchRecord r = row.record;
    std::string status = batch_status_name(r.status);
    if (const auto q = queue.find(i); q != queue.end() && r.status != BatchStatus::kDone) {
      status = q->second.starts_with("RUNNING") ? "running" : "pending";
      r.error = "slurm: " + q->second;
      waiting = true;
    } else if (on_slurm && r.status == BatchStatus::kRunning) {
      r.status = BatchStatus::kInterrupted;
      status = "interrupted";
      r.error = "its Slurm task is no longer queued and left no result (time limit, out of memory, node lost?)";
    }
    std::cout << status << "\t" << escape_unsafe_text(row.item.name) << "\t"
              << escape_unsafe_text(row.item.image);
    if (r.status == BatchStatus::kDone)
      std::cout << "\t" << r.findings << " finding(s), " << r.critical << " critical, " << r.after_patch
                << " after the patch";
    if (!r.error.empty()) std::cout << "\t" << escape_unsafe_text(r.error);
    std::cout << "\n";
    failed |= r.status == BatchStatus::kFailed || r.status == BatchStatus::kInterrupted;
    findings |= r.findings > 0;
  }
  if (waiting) return kExitNegative + kExitError + 1;  // 4: still queued or running
  return failed ? kExitError : findings ? kExitNegative : kExitOk;
}

Result<std::vector<BatchItem>> read_plan(const std::string& root) {
  return read_batch_manifest((fs::path(root) / "batch-state" / "plan.csv").string());
}

}  // namespace

int run_batch(const std::vector<std::string>& args) {
  po::options_description options(
      "shellcarve batch (MANIFEST.csv | DIR...) --out ROOT [--jobs N] [--memory SIZE] [scan options]\n"
      "shellcarve batch --status ROOT\n\n"
      "MANIFEST.csv: a header row, then one image per row; columns image (required), patched_at,\n"
      "case_number, evidence_number, examiner, name. DIR: searched for .E01, .001, .raw/.dd/.img.\n"
      "Each image gets ROOT/NAME (the scan's case folder); ROOT/batch.json and batch.csv index them.\n"
      "A rerun skips images done with the same inputs, options and tool build, and redoes the rest");
  options.add_options()("help,h", "show this help")(
      "out", po::value<std::string>(), "the batch root")(
      "jobs,j", po::value<unsigned>()->default_value(1), "images scanned at the same time")(
      "memory", po::value<std::string>(), "memory budget for the running scans (e.g. 16G); each image's "
                                          "need is estimated from its $MFT (about 1 KiB per record)")(
      "status", po::value<std::string>(), "print the state of the batch in ROOT and exit (merged with squeue "
                                          "for a batch on Slurm)")(
      "slurm", "submit the batch to Slurm (one sbatch array task per image not yet done) instead of running it here")(
      "slurm-partition", po::value<std::string>(), "with --slurm: the Slurm partition (sbatch --partition; "
                                                   "--partition is the disk partition to scan)")(
      "max-parallel", po::value<unsigned>(), "with --slurm: at most N tasks at once (--array=...%N)")(
      "slurm-arg", po::value<std::vector<std::string>>(), "with --slurm: one more sbatch option (repeatable)")(
      "task", po::value<size_t>(), "run one image of the plan in ROOT (what the Slurm array tasks run)")(
      "input", po::value<std::vector<std::string>>(), "manifest or folders");
  add_scan_options(options);
  const auto parsed = parse_or_help(args, options, {"*input"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;

  if (vm.count("status")) {
    const std::string root = vm["status"].as<std::string>();
    const auto plan = read_plan(root);
    if (!plan) return report_error("batch --status: '" + root + "' holds no batch plan: " + plan.error().message);
    std::string note;
    const auto queue = slurm_queue_states(root, note);
    if (!note.empty()) report_warning("batch --status: " + note);
    const bool on_slurm = fs::exists(fs::path(root) / "batch-state" / "slurm-jobs");
    return print_rows(current_batch_rows(*plan, root), queue, on_slurm);
  }
  if (vm.count("task")) {
    if (!vm.count("out")) return report_error("batch --task: --out ROOT is required");
    ScanRequest scan;
    if (const std::string error = read_scan_options(vm, scan); !error.empty()) return report_error("batch: " + error);
    scan.command_line = command_line_of("batch", args);
    const auto record = run_slurm_task(vm["out"].as<std::string>(), vm["task"].as<size_t>(), scan);
    if (!record) return report_error("batch --task: " + record.error().message);
    std::cerr << "shellcarve batch: " << batch_status_name(record->status) << " " << escape_unsafe_text(record->name)
              << (record->error.empty() ? "" : ": " + escape_unsafe_text(record->error)) << "\n";
    return record->status == BatchStatus::kDone ? kExitOk : kExitError;
  }
  if (!vm.count("input")) return report_error("batch: no MANIFEST.csv or DIR given");
  if (!vm.count("out")) return report_error("batch: --out ROOT is required");
  BatchRequest request;
  request.root = vm["out"].as<std::string>();
  request.jobs = std::max(1u, vm["jobs"].as<unsigned>());
  if (vm.count("memory")) {
    const auto budget = parse_size(vm["memory"].as<std::string>());
    if (!budget) return report_error("batch: --memory '" + vm["memory"].as<std::string>() + "' is not a size (e.g. 16G)");
    request.memory_budget = *budget;
  }
  if (const std::string error = read_scan_options(vm, request.scan); !error.empty())
    return report_error("batch: " + error);
  request.scan.command_line = command_line_of("batch", args);

  const auto inputs = vm["input"].as<std::vector<std::string>>();
  std::vector<BatchItem> items;
  for (const auto& input : inputs) {
    std::error_code ec;
    auto found = fs::is_directory(input, ec) ? find_batch_images({input}) : read_batch_manifest(input);
    if (!found) return report_error("batch: " + found.error().message);
    items.insert(items.end(), found->begin(), found->end());
  }
  if (items.empty()) return report_error("batch: no image found in the input");
  // Absolute: the scans (and Slurm tasks) may run from another folder.
  for (auto& item : items) item.image = fs::absolute(item.image).lexically_normal().string();
  assign_case_names(items);
  request.items = items;
  std::error_code ec;
  fs::create_directories(fs::path(request.root) / "batch-state", ec);
  if (ec) return report_error("batch: cannot create '" + request.root + "': " + ec.message());
  if (auto written = write_file_atomically((fs::path(request.root) / "batch-state" / "plan.csv").string(),
                                           render_batch_manifest(items));
      !written)
    return report_error("batch: " + written.error().message);
  request.child_setup = [] { install_signal_handling(); };

  if (vm.count("slurm")) {
    SlurmOptions slurm;
    std::error_code exe_ec;
    slurm.executable = fs::read_symlink("/proc/self/exe", exe_ec).string();
    if (exe_ec) return report_error("batch --slurm: cannot tell this program's path: " + exe_ec.message());
    slurm.scan_args = scan_option_args(request.scan);
    if (vm.count("slurm-partition")) slurm.partition = vm["slurm-partition"].as<std::string>();
    if (vm.count("max-parallel")) slurm.max_parallel = vm["max-parallel"].as<unsigned>();
    if (vm.count("slurm-arg")) slurm.extra_args = vm["slurm-arg"].as<std::vector<std::string>>();
    request.root = fs::absolute(request.root).lexically_normal().string();
    const auto submitted = submit_slurm_batch(request, slurm);
    if (!submitted) return report_error("batch --slurm: " + submitted.error().message);
    if (submitted->job_id.empty())
      std::cerr << "shellcarve batch: nothing to submit (" << submitted->already_done << " done, "
                << submitted->in_queue << " already queued)\n";
    else
      std::cerr << "shellcarve batch: submitted Slurm job " << submitted->job_id << " with "
                << submitted->tasks.size() << " task(s) (" << submitted->already_done << " done, "
                << submitted->in_queue << " already queued); follow it with: shellcarve batch --status "
                << escape_unsafe_text(request.root) << "\n";
    std::cout << submitted->job_id << "\n";
    return kExitOk;
  }

  const bool terminal = ::isatty(STDERR_FILENO);
  const auto summary = shellcarve::run_batch(request, progress_display(terminal));
  if (terminal) std::cerr << "\n";
  if (!summary) return report_error("batch: " + summary.error().message);
  std::cerr << "shellcarve batch: " << summary->rows.size() << " image(s): " << summary->done << " done ("
            << summary->reused << " from an earlier run), " << summary->failed << " failed, "
            << summary->interrupted << " interrupted, " << summary->skipped << " not started"
            << (summary->stopped_by_signal ? " (stopped by a signal: rerun to finish)" : "") << " -> "
            << escape_unsafe_text(request.root) << "/batch.json\n";
  return print_rows(summary->rows);
}

}  // namespace shellcarve::cli
