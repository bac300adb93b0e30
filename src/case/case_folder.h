// A case folder (scan --out) written whole or not at all. Everything is written into a
// staging folder beside it (".NAME.staging-PID"), fsynced, and swapped in at the end with
// one rename, so the folder is either the previous complete run or the new one: a killed
// or disk-full run, or a failed one, leaves the old folder as it was and no new file in it.
// A lock file beside it (".NAME.lock", flock, removed at the end) refuses a second run into
// the same folder while one is writing; staging folders (and the lock file) a killed run
// left are removed or reused by the next run.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace shellcarve {

class CaseFolder {
 public:
  // Checks `out` (absent, or a directory that is empty or `force` is given), takes the
  // lock and makes a fresh staging folder. Nothing is created inside `out`.
  static Result<CaseFolder> begin(const std::string& out, bool force);
  CaseFolder(CaseFolder&& other) noexcept;
  CaseFolder& operator=(CaseFolder&&) = delete;
  CaseFolder(const CaseFolder&) = delete;
  CaseFolder& operator=(const CaseFolder&) = delete;
  // Without a successful commit() the staging folder is removed; `out` is untouched.
  ~CaseFolder();

  // Where the outputs go until commit().
  const std::string& staging() const { return staging_; }
  // Syncs the staging folder and swaps it in for `out` (the previous content, if any,
  // removed after the swap), then syncs the parent folder.
  Status commit();

 private:
  CaseFolder(std::string out, std::string staging, std::string lock_path, int lock_fd);
  std::string out_;
  std::string staging_;
  std::string lock_path_;
  int lock_fd_ = -1;
  bool committed_ = false;
};

// The staging folders of this process not yet committed: what an interrupted run removes
// (cli/ does so on SIGINT/SIGTERM) before it exits.
std::vector<std::string> staging_folders_in_progress();

// True when `dir` is a scan's case folder (manifest.json and findings.json in it): `timeline
// -o` and `carve --out` must not overwrite its files without --force.
bool is_case_folder(const std::string& dir);

}  // namespace shellcarve
