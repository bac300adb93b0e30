#include "detect/installed_builds.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "common/filetime.h"
#include "common/text.h"
#include "detect/setup_log.h"
#include "pe/version_resource.h"

namespace shellcarve::detect {
namespace {

constexpr uint64_t kHour = 3600 * kFiletimeTicksPerSecond;
constexpr const char* kTableRange =
    "Exchange 2013 CU23, 2016 CU8-CU23, 2019 RTM-CU13 and their SUs to November 2023";

std::string base_name(std::string_view path) { return std::string(path.substr(path.rfind('/') + 1)); }
std::string parent_of(std::string_view path) { return std::string(path.substr(0, path.rfind('/'))); }

// Setup creates one folder per build under these (owa/auth/15.1.2176.9 holds the logon
// page's scripts and styles for that build); the folder a web page loads names the build.
std::string version_folder_source(const std::string& lower_parent) {
  if (lower_parent.find("/exchange server/") == std::string::npos) return {};
  if (lower_parent.ends_with("/owa/auth")) return "owa/auth folder";
  if (lower_parent.ends_with("/owa/prem")) return "owa/prem folder";
  if (lower_parent.ends_with("/ecp")) return "ecp folder";
  return {};
}

bool live_name(const ntfs::PlacedName& placed) {
  return !placed.deleted && placed.name_index != ntfs::PlacedName::kNoName;
}

uint64_t fn_creation(const ntfs::FileCatalog& catalog, const ntfs::PlacedName& placed) {
  return catalog.entries[placed.entry].file_names[placed.name_index].times.creation;
}

class Collector {
 public:
  Collector(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree, const ExchangeBuildTable& table,
            const ReadFile* read_file, const InstalledBuildsOptions& options)
      : catalog_(catalog), tree_(tree), table_(table), read_file_(read_file), options_(options) {}

  void scan_folders();
  void scan_exsetup();
  void scan_logs();
  InstalledBuilds finish();

 private:
  void add(const ExchangeBuild& build, BuildEvidence evidence) {
    InstalledBuild& installed = builds_[build.number];
    installed.build = build;
    installed.evidence.push_back(std::move(evidence));
  }
  void drop_builds_newer_than_exsetup();
  void date_and_corroborate(InstalledBuild& build) const;

  const ntfs::FileCatalog& catalog_;
  const ntfs::DirectoryTree& tree_;
  const ExchangeBuildTable& table_;
  const ReadFile* read_file_;
  const InstalledBuildsOptions& options_;
  std::map<BuildNumber, InstalledBuild> builds_;
  std::optional<BuildNumber> exsetup_version_;
  InstalledBuilds out_;
};

void Collector::scan_folders() {
  for (const auto& placed : tree_.names) {
    if (!live_name(placed) || !catalog_.entries[placed.entry].is_directory()) continue;
    const std::string source = version_folder_source(ascii_lower(parent_of(placed.path)));
    if (source.empty()) continue;
    const std::string name = base_name(placed.path);
    const auto version = parse_version(name);
    if (!version) continue;
    const uint64_t created = fn_creation(catalog_, placed);
    const ExchangeBuild* build = version->parts == 4
                                     ? table_.find(version->number)
                                     : table_.find_cu(version->number[0], version->number[1], version->number[2]);
    if (!build) {
      out_.anomalies.push_back({std::string(placed.path), placed.entry, created,
                                fmt::format("version-named folder '{}' is not a build in the table ({}); not used "
                                            "for the patch time",
                                            name, kTableRange)});
      continue;
    }
    add(*build, {source, std::string(placed.path), placed.entry, created,
                 fmt::format("{} {} ({}) created ($FN) {}", source, placed.path, build->name,
                             filetime_to_iso8601(created))});
  }
}

void Collector::scan_exsetup() {
  for (const auto& placed : tree_.names) {
    if (!live_name(placed) || !ascii_lower(placed.path).ends_with("/exchange server/v15/bin/exsetup.exe")) continue;
    if (!read_file_) {
      out_.notes.push_back(fmt::format("{} (MFT entry {}): content not read (no volume given)", placed.path, placed.entry));
      continue;
    }
    const auto content = (*read_file_)(placed.entry, options_.max_binary_bytes);
    if (!content) {
      out_.notes.push_back(fmt::format("{} (MFT entry {}): not read: {}", placed.path, placed.entry, content.error().message));
      continue;
    }
    const auto version = pe::parse_version_resource(content->bytes);
    if (!version) {
      out_.notes.push_back(fmt::format("{} (MFT entry {}): no version: {}{}", placed.path, placed.entry,
                                       version.error().message,
                                       content->truncated ? fmt::format(" (only the first {} bytes read)", content->bytes.size()) : ""));
      continue;
    }
    const auto& v = version->file_version;
    const BuildNumber number{v[0], v[1], v[2], v[3]};
    const uint64_t created = fn_creation(catalog_, placed);
    const ExchangeBuild* build = table_.find(number);
    if (!build) {
      out_.anomalies.push_back({std::string(placed.path), placed.entry, created,
                                fmt::format("ExSetup.exe's file version {} is not a build in the table ({})",
                                            to_string(number), kTableRange)});
      continue;
    }
    exsetup_version_ = number;
    add(*build, {"ExSetup.exe version", std::string(placed.path), placed.entry, created,
                 fmt::format("{} carries file version {} ({}) in its version resource at file offset {}; the file "
                             "was created ($FN) {}",
                             placed.path, to_string(number), build->name, version->file_offset,
                             filetime_to_iso8601(created))});
  }
}

void Collector::scan_logs() {
  struct KbMention {
    std::string kb, where, detail;
    uint64_t entry;
    std::optional<uint64_t> time;
  };
  std::vector<KbMention> kbs;
  size_t files = 0;
  for (const auto& placed : tree_.names) {
    if (!live_name(placed) || catalog_.entries[placed.entry].is_directory()) continue;
    const std::string lower = ascii_lower(placed.path);
    if (!(lower.find("/exchangesetuplogs/") != std::string::npos && lower.ends_with(".log")) &&
        !lower.ends_with("/servicecontrol.log"))
      continue;
    if (!read_file_) {
      out_.notes.push_back(fmt::format("{} (MFT entry {}): content not read (no volume given)", placed.path, placed.entry));
      continue;
    }
    if (++files > options_.max_log_files) {
      out_.notes.push_back(fmt::format("{} (MFT entry {}): not read, more than {} setup logs", placed.path, placed.entry,
                                       options_.max_log_files));
      continue;
    }
    const auto content = (*read_file_)(placed.entry, options_.max_log_bytes);
    if (!content) {
      out_.notes.push_back(fmt::format("{} (MFT entry {}): not read: {}", placed.path, placed.entry, content.error().message));
      continue;
    }
    if (content->truncated)
      out_.notes.push_back(fmt::format("{} (MFT entry {}): only the first {} bytes were read", placed.path, placed.entry,
                                       content->bytes.size()));
    size_t unknown = 0;
    for (const SetupLogMention& m : scan_setup_log(content->bytes)) {
      const std::string where = fmt::format("{}:{}", placed.path, m.line);
      const std::string detail = fmt::format("{} line {}{}: {}", placed.path, m.line,
                                             m.repeats ? fmt::format(" (and {} later lines)", m.repeats) : "", m.text);
      if (!m.kb.empty()) {
        kbs.push_back({m.kb, where, detail, placed.entry, m.time});
      } else if (const ExchangeBuild* build = table_.find(m.build->number)) {
        add(*build, {"setup log", where, placed.entry, m.time, detail});
      } else {
        ++unknown;
      }
    }
    if (unknown)
      out_.notes.push_back(fmt::format("{}: {} build number(s) named that are not in the table; not used", placed.path, unknown));
  }
  // A KB names an update, not a build (one KB per month covers every CU): it corroborates
  // the builds already found with that KB.
  for (const KbMention& kb : kbs) {
    bool matched = false;
    for (auto& [number, installed] : builds_)
      if (installed.build.kb == kb.kb) {
        installed.evidence.push_back({"setup log", kb.where, kb.entry, kb.time, kb.detail});
        matched = true;
      }
    if (!matched)
      out_.notes.push_back(fmt::format("{} names {}, which matches no installed build found", kb.where, kb.kb));
  }
}

// ExSetup.exe is replaced by every CU and SU, so its version is the build installed at
// acquisition. A folder naming a later build of the same product was not made by setup
// (planted, or left by a failed update) and cannot date a patch.
void Collector::drop_builds_newer_than_exsetup() {
  if (!exsetup_version_) return;
  for (auto it = builds_.begin(); it != builds_.end();) {
    const BuildNumber& n = it->first;
    if (n[0] == (*exsetup_version_)[0] && n[1] == (*exsetup_version_)[1] && n > *exsetup_version_) {
      for (const BuildEvidence& e : it->second.evidence)
        if (e.source.ends_with("folder"))
          out_.anomalies.push_back({e.path, e.mft_entry, e.time.value_or(0),
                                    fmt::format("folder names build {} ({}), newer than ExSetup.exe's {}: not "
                                                "installed by setup; not used for the patch time",
                                                to_string(n), it->second.build.name, to_string(*exsetup_version_))});
      it = builds_.erase(it);
    } else {
      ++it;
    }
  }
}

void Collector::date_and_corroborate(InstalledBuild& build) const {
  // Kernel-written folder times first; ExSetup.exe's creation next (an in-place update may
  // keep it); a log line's stamp last (setup's clock, zone not recorded).
  auto earliest = [&](auto&& accept) {
    std::optional<uint64_t> best;
    for (const BuildEvidence& e : build.evidence)
      if (e.time && accept(e) && (!best || *e.time < *best)) best = e.time;
    return best;
  };
  if (auto t = earliest([](const BuildEvidence& e) { return e.source.ends_with("folder"); })) {
    build.first_seen = t;
    build.first_seen_source = "version folder $FN creation";
  } else if (auto t2 = earliest([](const BuildEvidence& e) { return e.source == "ExSetup.exe version"; })) {
    build.first_seen = t2;
    build.first_seen_source = "ExSetup.exe $FN creation";
  } else if (auto t3 = earliest([](const BuildEvidence& e) { return e.source == "setup log"; })) {
    build.first_seen = t3;
    build.first_seen_source = "setup log line time (setup's clock, time zone not recorded)";
  }
}

InstalledBuilds Collector::finish() {
  drop_builds_newer_than_exsetup();
  // Creation times of every live file under V15/Bin and V15/FrontEnd, for the burst counts.
  std::vector<uint64_t> binaries;
  for (const auto& placed : tree_.names) {
    if (!live_name(placed) || catalog_.entries[placed.entry].is_directory()) continue;
    const std::string lower = ascii_lower(placed.path);
    if (lower.find("/exchange server/v15/bin/") != std::string::npos ||
        lower.find("/exchange server/v15/frontend/") != std::string::npos)
      binaries.push_back(fn_creation(catalog_, placed));
  }
  std::sort(binaries.begin(), binaries.end());
  for (auto& [number, build] : builds_) {
    date_and_corroborate(build);
    if (build.first_seen) {
      const uint64_t t = *build.first_seen;
      const auto from = std::lower_bound(binaries.begin(), binaries.end(), t > kHour ? t - kHour : 0);
      const auto to = std::upper_bound(binaries.begin(), binaries.end(), t + kHour);
      build.burst = static_cast<size_t>(to - from);
    }
    out_.builds.push_back(std::move(build));
  }
  std::sort(out_.builds.begin(), out_.builds.end(), [](const InstalledBuild& a, const InstalledBuild& b) {
    return std::make_tuple(!a.first_seen, a.first_seen.value_or(0), a.build.number) <
           std::make_tuple(!b.first_seen, b.first_seen.value_or(0), b.build.number);
  });
  std::sort(out_.anomalies.begin(), out_.anomalies.end(), [](const BuildAnomaly& a, const BuildAnomaly& b) {
    return std::tie(a.path, a.mft_entry, a.reason) < std::tie(b.path, b.mft_entry, b.reason);
  });
  return std::move(out_);
}

}  // namespace

InstalledBuilds find_installed_builds(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                                      const ExchangeBuildTable& table, const ReadFile* read_file,
                                      const InstalledBuildsOptions& options) {
  Collector collector(catalog, tree, table, read_file, options);
  collector.scan_folders();
  collector.scan_exsetup();
  collector.scan_logs();
  return collector.finish();
}

}  // namespace shellcarve::detect
