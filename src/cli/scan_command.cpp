// `shellcarve scan IMAGE --out DIR`: options parsed into a ScanRequest, the pipeline run
// (case/scan_pipeline.h), and a summary printed: warnings, what was scanned on each
// volume, and the findings.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>

#include "case/scan_pipeline.h"
#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "cli/scan_options.h"
#include "common/display_text.h"
#include "common/filetime.h"
#include "report/verdict_names.h"

namespace po = boost::program_options;

namespace shellcarve::cli {
namespace {

// A progress bar only for a person watching; batch logs get the summary alone.
std::function<void(uint32_t, uint64_t, uint64_t)> progress_bar() {
  return [last = uint64_t{101}, partition = uint32_t{0}](uint32_t on, uint64_t done, uint64_t total) mutable {
    const uint64_t percent = total ? std::min<uint64_t>(done * 100 / total, 100) : 100;
    if (percent == last && on == partition) return;
    last = percent;
    partition = on;
    std::cerr << "\rshellcarve: scanning partition " << on << " [" << std::string(percent / 5, '#')
              << std::string(20 - percent / 5, ' ') << "] " << percent << "% " << std::flush;
    if (done >= total) std::cerr << "\n";
  };
}

void print_summary(const ScanReport& report) {
  for (const auto& warning : report.warnings) report_warning(warning);
  for (const auto& note : report.volume_notes) std::cerr << "shellcarve: note: " << note << "\n";
  if (report.image_check.verified == false)
    std::cerr << "shellcarve: " << escape_unsafe_text(report.image_check.verification) << "\n";
  for (const VolumeScan& volume : report.volumes) {
    std::cerr << "shellcarve: partition " << volume.partition.index << ": scanned " << volume.streams_scanned
              << " streams (" << volume.bytes_scanned << " bytes in " << volume.chunks_scanned << " chunks, "
              << volume.zero_bytes_skipped << " bytes of zero runs skipped) in " << volume.webroots
              << " web root(s); patched at "
              << (volume.patch.filetime ? filetime_to_iso8601(*volume.patch.filetime) : std::string("unknown"))
              << " (" << volume.patch.source << ")\n";
    if (!volume.record_carving.empty())
      std::cerr << "shellcarve: partition " << volume.partition.index << ": " << volume.record_carving << "\n";
    std::cerr << "shellcarve: partition " << volume.partition.index << ": " << volume.content_carving << "\n";
  }
  if (report.stores_examined > 0)
    std::cerr << "shellcarve: " << report.stores_examined << " Volume Shadow Copy store(s) hunted and compared: "
              << report.snapshot_differences.size() << " web-root difference(s) with the live volume\n";
  size_t after = 0, critical = 0;
  for (const auto& f : report.findings) {
    after += f.relative_to_patch == PatchRelation::kAfter;
    critical += f.severity == Severity::kCritical;
  }
  std::cerr << "shellcarve: " << report.findings.size() << " finding(s), " << after
            << " planted after the patch, " << critical << " critical -> " << escape_unsafe_text(report.out)
            << "; " << report.proxylogon.scan.summary() << "\n";
  for (const auto& line : logs::describe_checks(report.proxylogon))
    std::cerr << "shellcarve: " << escape_unsafe_text(line) << "\n";
  for (const auto& f : report.findings)
    std::cerr << "  [" << severity_name(f.severity) << "] partition " << f.partition
              << (f.store == 0 ? std::string() : " vss" + std::to_string(f.store)) << ": "
              << (f.path.empty() ? "image offset " + std::to_string(f.image_offset) : escape_unsafe_text(f.path))
              << " (" << finding_state_name(f.state) << ", planted "
              << (f.planted_at ? filetime_to_iso8601(*f.planted_at) : std::string("?")) << ", "
              << patch_relation_name(f.relative_to_patch) << " patch"
              << (f.written_after_patch ? ", written after the patch" : "")
              << (f.timestomped ? ", timestomped" : "") << ")\n";
}

}  // namespace

int run_scan(const std::vector<std::string>& args) {
  po::options_description options(
      "shellcarve scan IMAGE --out DIR [--patched-at ISO8601] [--rules DIR|FILE]... [--webroots auto|all|PATH...]");
  options.add_options()("help,h", "show this help")(
      "out", po::value<std::string>(), "case folder to write (refused if not empty, unless --force)")(
      "force", "replace a non-empty --out folder (swapped in whole once the scan is complete)")(
      "image", po::value<std::string>(), "image file (first segment of a set)");
  add_scan_options(options);
  const auto parsed = parse_or_help(args, options, {"image"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("image")) return report_error("scan: no IMAGE given");
  if (!vm.count("out")) return report_error("scan: --out DIR is required");
  ScanRequest request;
  request.image_path = vm["image"].as<std::string>();
  request.out = vm["out"].as<std::string>();
  request.force = vm.count("force") > 0;
  if (const std::string error = read_scan_options(vm, request); !error.empty())
    return report_error("scan: " + error);
  request.command_line = command_line_of("scan", args);
  if (::isatty(STDERR_FILENO)) request.progress = progress_bar();
  const auto report = shellcarve::run_scan(request);
  if (!report) return report_error(report.error().message);
  print_summary(*report);
  return report->findings.empty() ? kExitOk : kExitNegative;
}

}  // namespace shellcarve::cli
