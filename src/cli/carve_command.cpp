// `shellcarve carve IMAGE`: the carving pass alone -- unallocated clusters, file slack and
// MFT record slack scanned with the YARA rules -- writing findings.json (to --out FILE or
// stdout). No MFT walk for names, no timeline, no evidence files: `scan` does the full case
// folder (with carving included); this command is for triage and for measuring the pass.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "carve/carve_volume.h"
#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "case/scan_carving.h"
#include "case/case_folder.h"
#include "case/volume_selection.h"
#include "common/atomic_file.h"
#include "report/findings_output.h"

namespace po = boost::program_options;

namespace shellcarve::cli {

int run_carve(const std::vector<std::string>& args) {
  po::options_description options("shellcarve carve IMAGE [--out FILE] [--rules DIR|FILE]... [--partition N]");
  options.add_options()("help,h", "show this help")(
      "out", po::value<std::string>(), "write findings.json here (default: stdout)")(
      "rules", po::value<std::vector<std::string>>(), "more YARA rules (file or directory; repeatable)")(
      "partition", po::value<uint32_t>(), "partition index (default: every NTFS volume)")(
      "force", "write --out into a scan's case folder")(
      "no-slack", "carve unallocated space only")(
      "no-unallocated", "scan slack only")(
      "image", po::value<std::string>(), "image file (first segment of a set)");
  const auto parsed = parse_or_help(args, options, {"image"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("image")) return report_error("carve: no IMAGE given");
  auto rules = compile_scan_rules(vm.count("rules") ? vm["rules"].as<std::vector<std::string>>()
                                                    : std::vector<std::string>{});
  if (!rules) return report_error(rules.error().message);
  if (vm.count("out")) {
    const std::filesystem::path out(vm["out"].as<std::string>());
    const std::string dir = out.has_parent_path() ? out.parent_path().string() : ".";
    if (is_case_folder(dir) && std::filesystem::exists(out) && !vm.count("force"))
      return report_error("carve: '" + out.string() + "' is in a scan's case folder and would be replaced (use --force)");
  }
  auto opened = open_ntfs_volumes(vm["image"].as<std::string>(), optional_partition(vm));
  if (!opened) return report_error(opened.error().message);
  carve::CarveOptions carve_options;
  carve_options.slack = vm.count("no-slack") == 0;
  carve_options.unallocated = vm.count("no-unallocated") == 0;
  std::vector<Finding> findings;
  std::vector<std::string> warnings = opened->warnings;
  std::vector<std::string> summaries;
  const bool several = opened->volumes.size() > 1;
  for (const PartitionVolume& volume : opened->volumes) {
    auto result = carve::carve_volume(*volume.volume, *rules, carve_options);
    if (!result) return report_error(result.error().message);
    const std::string prefix = several ? "partition " + std::to_string(volume.partition.index) + ": " : "";
    for (Finding& finding : result->findings) {
      finding.partition = volume.partition.index;
      findings.push_back(std::move(finding));
    }
    for (const auto& warning : result->warnings) warnings.push_back(prefix + warning);
    summaries.push_back(prefix + carve_summary(*result));
  }
  const std::string json = write_findings_json(findings, PatchTime{});
  if (vm.count("out")) {
    if (auto status = write_file_atomically(vm["out"].as<std::string>(), json); !status)
      return report_error(status.error().message);
  } else {
    std::cout << json << "\n";
  }
  for (const auto& warning : warnings) report_warning(warning);
  for (const auto& summary : summaries) std::cerr << "shellcarve: " << summary << "\n";
  return findings.empty() ? kExitOk : kExitNegative;
}

}  // namespace shellcarve::cli
