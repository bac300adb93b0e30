#include "case/batch/batch_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>

#include "case/case_folder.h"
#include "case/volume_selection.h"
#include "common/digest.h"
#include "common/filetime.h"
#include "report/manifest.h"
#include "version.h"

namespace shellcarve {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A scan's memory before its catalog: libyara's compiled rules, the chunk buffers of the
// content scanner and the outputs rendered one at a time (docs/memory.md).
constexpr uint64_t kScanBaseMemory = 256ull << 20;
// The catalog and the timeline cost about 1 KiB per MFT record (docs/memory.md).
constexpr uint64_t kMemoryPerMftRecord = 1024;

// Exit status of a child whose scan failed (the record says why).
constexpr int kChildScanFailed = 3;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string signal_description(int sig) {
  const char* name = sig == SIGKILL ? "SIGKILL" : sig == SIGSEGV ? "SIGSEGV" : sig == SIGABRT ? "SIGABRT"
                   : sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : sig == SIGBUS ? "SIGBUS" : "signal";
  return fmt::format("{} ({}){}", name, sig,
                     sig == SIGKILL ? ": killed from outside, often the out-of-memory killer" : "");
}

// The batch root's lock: one batch at a time writes into a root.
class RootLock {
 public:
  static Result<RootLock> take(const std::string& root) {
    const std::string path = (fs::path(root) / "batch.lock").string();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return fail(ErrorCode::kIo, fmt::format("cannot open the batch lock '{}'", path));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("another batch is running into '{}' (it holds {})", root, path));
    }
    return RootLock(fd);
  }
  RootLock(RootLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  RootLock& operator=(RootLock&&) = delete;
  ~RootLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  explicit RootLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

struct Child {
  size_t row = 0;
  pid_t pid = 0;
  uint64_t estimate = 0;
  bool signalled = false;
};

// What the record on disk says after the child `child` ended with `status` and `usage`.
BatchRecord settle_child(const std::string& root, const BatchRow& row, const Child& child, int status,
                         const rusage& usage) {
  auto loaded = load_batch_record(root, row.item.name);
  BatchRecord record = loaded && *loaded ? **loaded : row.record;
  const bool wrote_result = loaded && *loaded && (**loaded).pid == child.pid &&
                            ((**loaded).status == BatchStatus::kDone || (**loaded).status == BatchStatus::kFailed);
  record.peak_memory_bytes = static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // ru_maxrss is in KiB on Linux
  record.pid = 0;
  if (!wrote_result) {
    record.finished = now_iso8601();
    if (WIFSIGNALED(status) && child.signalled) {
      record.status = BatchStatus::kInterrupted;
      record.error = "interrupted: the batch was stopped while this image was being scanned";
    } else if (WIFSIGNALED(status)) {
      record.status = BatchStatus::kFailed;
      record.error = "the scan process was ended by " + signal_description(WTERMSIG(status));
    } else {
      record.status = BatchStatus::kFailed;
      record.error = fmt::format("the scan process exited with status {} without storing a result{}",
                                 WEXITSTATUS(status), loaded ? "" : " (" + loaded.error().message + ")");
    }
  }
  return record;
}

[[noreturn]] void run_child(const BatchRequest& request, const BatchRow& row, uint64_t estimate) {
  ::setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  ::signal(SIGCHLD, SIG_DFL);
  // The scan's own messages go to its log, not between the batch's lines.
  const std::string log = (fs::path(request.root) / "batch-state" / (row.item.name + ".log")).string();
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd >= 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
  }
  if (request.child_setup) request.child_setup();
  const BatchRecord record = scan_batch_item(row.item, request.root, request.scan, estimate);
  std::fflush(nullptr);
  ::_exit(record.status == BatchStatus::kDone ? 0 : kChildScanFailed);
}

}  // namespace

std::string batch_fingerprint(const BatchItem& item, const ScanRequest& scan) {
  std::string text = fmt::format("tool={} {}\n", kVersion, kGitCommit);
  for (const auto& rules : scan.extra_rules) text += "rules=" + rules + "\n";
  for (const auto& root : scan.webroots) text += "webroots=" + root + "\n";
  text += fmt::format("partition={}\nhash={}\ncarve={}\n", scan.partition ? std::to_string(*scan.partition) : "all",
                      scan.hash, scan.carve);
  text += fmt::format("patched_at={}\n", item.patched_at ? std::to_string(*item.patched_at)
                                         : scan.patched_at ? std::to_string(*scan.patched_at) : "");
  text += fmt::format("case_number={}\nevidence_number={}\nexaminer={}\nname={}\nimage={}\n",
                      item.case_number.value_or(scan.case_number.value_or("")), item.evidence_number.value_or(""),
                      item.examiner.value_or(scan.examiner.value_or("")), item.name, item.image);
  // The image's files: the first segment and every file beside it with the same stem.
  const fs::path image(item.image);
  std::string stem = image.filename().string();
  stem = stem.substr(0, stem.find('.'));
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::directory_iterator it(image.parent_path().empty() ? fs::path(".") : image.parent_path(), ec), end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(stem + ".") && name != stem) continue;
    std::error_code e2;
    const auto size = fs::file_size(it->path(), e2);
    const auto mtime = fs::last_write_time(it->path(), e2).time_since_epoch().count();
    files.push_back(fmt::format("file={} {} {}\n", name, e2 ? 0 : size, e2 ? 0 : mtime));
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) text += f;
  return sha256_hex(text);
}

uint64_t estimate_scan_memory(const std::string& image, std::optional<uint32_t> partition) {
  auto opened = open_ntfs_volumes(image, partition);
  if (!opened) return kScanBaseMemory;
  uint64_t records = 0;
  for (const auto& v : opened->volumes) records += v.volume->record_count();
  return kScanBaseMemory + records * kMemoryPerMftRecord;
}

BatchRecord scan_batch_item(const BatchItem& item, const std::string& root, const ScanRequest& scan,
                            uint64_t estimated_memory) {
  BatchRecord record;
  record.name = item.name;
  record.image = item.image;
  record.fingerprint = batch_fingerprint(item, scan);
  record.status = BatchStatus::kRunning;
  record.started = now_iso8601();
  record.pid = ::getpid();
  record.estimated_memory_bytes = estimated_memory;
  record.patched_at_given = item.patched_at ? item.patched_at : scan.patched_at;
  record.case_number = item.case_number.value_or(scan.case_number.value_or(""));
  record.evidence_number = item.evidence_number.value_or("");
  record.examiner = item.examiner.value_or(scan.examiner.value_or(""));
  if (const char* job = std::getenv("SLURM_ARRAY_JOB_ID"))
    record.slurm_job = fmt::format("{}_{}", job, std::getenv("SLURM_ARRAY_TASK_ID") ? std::getenv("SLURM_ARRAY_TASK_ID") : "");
  if (auto stored = store_batch_record(root, record); !stored) {
    record.status = BatchStatus::kFailed;
    record.error = stored.error().message;
    return record;
  }
  ScanRequest request = scan;
  request.image_path = item.image;
  request.out = (fs::path(root) / item.name).string();
  request.force = true;  // the record says this folder holds no finished result of these inputs
  request.patched_at = record.patched_at_given;
  if (item.case_number) request.case_number = item.case_number;
  if (item.examiner) request.examiner = item.examiner;
  if (item.evidence_number) request.evidence_number = item.evidence_number;
  request.progress = {};
  const auto start = Clock::now();
  const auto report = run_scan(request);
  record.duration_seconds = seconds_since(start);
  record.finished = now_iso8601();
  if (!report) {
    record.status = BatchStatus::kFailed;
    record.error = report.error().message;
  } else {
    record.status = BatchStatus::kDone;
    record.findings = report->findings.size();
    for (const auto& f : report->findings) {
      record.critical += f.severity == Severity::kCritical;
      record.after_patch += f.relative_to_patch == PatchRelation::kAfter;
    }
    record.patched_at = report->patch.filetime ? filetime_to_iso8601(*report->patch.filetime) : "unknown";
    record.stored_md5 = report->image.stored_md5;
    record.stored_sha1 = report->image.stored_sha1;
    record.md5 = report->image.md5.value_or("");
    record.sha1 = report->image.sha1.value_or("");
    record.sha256 = report->image.sha256.value_or("");
    record.verification = report->image_check.verification;
  }
  if (auto stored = store_batch_record(root, record); !stored && record.status == BatchStatus::kDone) {
    record.status = BatchStatus::kFailed;
    record.error = "the scan finished but its record could not be stored: " + stored.error().message;
  }
  return record;
}

bool batch_item_done(const BatchRow& row, const ScanRequest& scan, const std::string& root) {
  return row.record.status == BatchStatus::kDone && row.record.fingerprint == batch_fingerprint(row.item, scan) &&
         is_case_folder((fs::path(root) / row.item.name).string());
}

std::vector<BatchRow> current_batch_rows(const std::vector<BatchItem>& items, const std::string& root) {
  std::vector<BatchRow> rows;
  for (const auto& item : items) {
    BatchRow row{item, {}, false};
    row.record.name = item.name;
    row.record.image = item.image;
    if (auto loaded = load_batch_record(root, item.name); !loaded) {
      row.record.status = BatchStatus::kFailed;
      row.record.error = "the record is damaged: " + loaded.error().message;
    } else if (*loaded) {
      row.record = **loaded;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<BatchSummary> run_batch(const BatchRequest& request,
                               const std::function<void(const BatchProgress&)>& progress) {
  std::error_code ec;
  fs::create_directories(fs::path(request.root) / "batch-state", ec);
  if (ec) return fail(ErrorCode::kIo, fmt::format("cannot create the batch root '{}': {}", request.root, ec.message()));
  SC_ASSIGN_OR_RETURN(RootLock lock, RootLock::take(request.root));

  BatchSummary summary;
  summary.rows = current_batch_rows(request.items, request.root);
  std::vector<size_t> pending;
  for (size_t i = 0; i < summary.rows.size(); ++i) {
    BatchRow& row = summary.rows[i];
    if (batch_item_done(row, request.scan, request.root)) {
      ++summary.reused;
      continue;
    }
    if (row.record.status == BatchStatus::kRunning) {  // no batch holds the lock: its process is gone
      row.record.status = BatchStatus::kInterrupted;
      row.record.error = "the scan did not finish: its process ended without a result (killed, crashed, or the "
                         "machine stopped); redone";
    }
    pending.push_back(i);
  }
  SC_RETURN_IF_ERROR(write_batch_index(request.root, summary.rows));

  sigset_t watched, previous;
  sigemptyset(&watched);
  sigaddset(&watched, SIGINT);
  sigaddset(&watched, SIGTERM);
  sigaddset(&watched, SIGCHLD);
  ::sigprocmask(SIG_BLOCK, &watched, &previous);

  const auto start = Clock::now();
  std::vector<Child> running;
  size_t next = 0, finished_now = 0;
  double seconds_finished = 0;
  bool stopping = false;
  const auto report = [&](std::string event) {
    if (!progress) return;
    BatchProgress p;
    p.total = summary.rows.size();
    p.skipped_done = summary.reused;
    p.finished = summary.reused + finished_now;
    p.failed = summary.failed;
    for (const auto& c : running) p.running.push_back(summary.rows[c.row].item.name);
    p.elapsed_seconds = seconds_since(start);
    if (finished_now > 0) {
      const double each = seconds_finished / static_cast<double>(finished_now);
      const double left = static_cast<double>(pending.size() - finished_now);
      p.eta_seconds = each * left / std::max(1u, request.jobs);
    }
    p.stopping = stopping;
    p.event = std::move(event);
    progress(p);
  };

  while (true) {
    // Start what fits.
    while (!stopping && next < pending.size() && running.size() < std::max(1u, request.jobs)) {
      BatchRow& row = summary.rows[pending[next]];
      const uint64_t estimate = estimate_scan_memory(row.item.image, request.scan.partition);
      uint64_t in_use = 0;
      for (const auto& c : running) in_use += c.estimate;
      if (request.memory_budget && !running.empty() && in_use + estimate > request.memory_budget) break;
      std::fflush(nullptr);
      const pid_t pid = ::fork();
      if (pid < 0) {
        ::sigprocmask(SIG_SETMASK, &previous, nullptr);
        return fail(ErrorCode::kIo, "fork failed: cannot start a scan process");
      }
      if (pid == 0) run_child(request, row, estimate);
      ::setpgid(pid, pid);
      running.push_back({pending[next], pid, estimate, false});
      ++next;
      report(fmt::format("started {} ({}; about {} MiB)", row.item.name, row.item.image, estimate >> 20));
    }
    if (running.empty()) break;

    timespec tick{1, 0};
    siginfo_t info;
    const int sig = ::sigtimedwait(&watched, &info, &tick);
    if (sig == SIGINT || sig == SIGTERM) {
      summary.stopped_by_signal = true;
      if (!stopping) {
        stopping = true;
        report(fmt::format("{}: no new image will start; waiting for {} running (signal again to interrupt them)",
                           sig == SIGINT ? "SIGINT" : "SIGTERM", running.size()));
      } else {
        for (auto& c : running) {
          c.signalled = true;
          ::kill(-c.pid, SIGTERM);
        }
        report("interrupting the running scans");
      }
    }
    // Reap every child that ended.
    for (auto it = running.begin(); it != running.end();) {
      int status = 0;
      rusage usage{};
      const pid_t done = ::wait4(it->pid, &status, WNOHANG, &usage);
      if (done != it->pid) { ++it; continue; }
      BatchRow& row = summary.rows[it->row];
      row.record = settle_child(request.root, row, *it, status, usage);
      row.ran_this_run = true;
      if (auto stored = store_batch_record(request.root, row.record); !stored)
        report("warning: " + stored.error().message);
      ++finished_now;
      seconds_finished += row.record.duration_seconds;
      if (row.record.status == BatchStatus::kFailed) ++summary.failed;
      if (auto written = write_batch_index(request.root, summary.rows); !written)
        report("warning: " + written.error().message);
      report(fmt::format("{} {}{}", batch_status_name(row.record.status), row.item.name,
                         row.record.error.empty() ? fmt::format(": {} finding(s), {} critical", row.record.findings,
                                                                row.record.critical)
                                                  : ": " + row.record.error));
      it = running.erase(it);
    }
    if (sig < 0) report("");
  }
  ::sigprocmask(SIG_SETMASK, &previous, nullptr);

  summary.done = summary.failed = summary.interrupted = summary.skipped = 0;
  for (const auto& row : summary.rows) {
    switch (row.record.status) {
      case BatchStatus::kDone: ++summary.done; break;
      case BatchStatus::kFailed: ++summary.failed; break;
      case BatchStatus::kInterrupted: case BatchStatus::kRunning: ++summary.interrupted; break;
      case BatchStatus::kSkipped: ++summary.skipped; break;
    }
  }
  SC_RETURN_IF_ERROR(write_batch_index(request.root, summary.rows));
  return summary;
}

}  // namespace shellcarve
