#include "cli/scan_options.h"

#include "cli/program_options_util.h"
#include "common/filetime.h"

namespace po = boost::program_options;

namespace shellcarve::cli {

void add_scan_options(po::options_description& options) {
  options.add_options()(
      "patched-at", po::value<std::string>(), "when the server was patched (ISO 8601, UTC unless an offset is given)")(
      "rules", po::value<std::vector<std::string>>(), "more YARA rules (file or directory; repeatable)")(
      "webroots", po::value<std::vector<std::string>>()->multitoken(), "auto, all, or volume paths")(
      "partition", po::value<uint32_t>(), "partition index (default: every NTFS volume)")(
      "examiner", po::value<std::string>(), "examiner name for the manifest")(
      "case-number", po::value<std::string>(), "case number for the manifest")(
      "evidence-number", po::value<std::string>(), "evidence (exhibit) number for the manifest")(
      "no-hash", "do not hash the whole image for the manifest")(
      "vss", po::value<std::string>(), "Volume Shadow Copy stores to hunt and compare with each volume: all (default), none, or N[,N...]")(
      "no-carve", "skip carving (content in unallocated space and slack, index slack, records outside the live file system)");
}

std::string read_scan_options(const po::variables_map& vm, ScanRequest& request) {
  if (vm.count("patched-at")) {
    request.patched_at = iso8601_to_filetime(vm["patched-at"].as<std::string>());
    if (!request.patched_at)
      return "--patched-at '" + vm["patched-at"].as<std::string>() +
             "' is not an ISO 8601 time (e.g. 2021-03-03T21:00:00Z)";
  }
  if (vm.count("rules")) request.extra_rules = vm["rules"].as<std::vector<std::string>>();
  if (vm.count("webroots")) request.webroots = vm["webroots"].as<std::vector<std::string>>();
  request.partition = optional_partition(vm);
  request.examiner = optional_string(vm, "examiner");
  request.case_number = optional_string(vm, "case-number");
  request.evidence_number = optional_string(vm, "evidence-number");
  request.hash = vm.count("no-hash") == 0;
  request.carve = vm.count("no-carve") == 0;
  auto stores = optional_store_selection(vm, "all");
  if (!stores) return stores.error().message;
  request.stores = *stores;
  return "";
}

std::vector<std::string> scan_option_args(const ScanRequest& request) {
  std::vector<std::string> args;
  if (request.patched_at) args.insert(args.end(), {"--patched-at", filetime_to_iso8601(*request.patched_at)});
  for (const auto& rules : request.extra_rules) args.insert(args.end(), {"--rules", rules});
  for (const auto& root : request.webroots) args.insert(args.end(), {"--webroots", root});
  if (request.partition) args.insert(args.end(), {"--partition", std::to_string(*request.partition)});
  if (request.examiner) args.insert(args.end(), {"--examiner", *request.examiner});
  if (request.case_number) args.insert(args.end(), {"--case-number", *request.case_number});
  if (request.evidence_number) args.insert(args.end(), {"--evidence-number", *request.evidence_number});
  if (!request.hash) args.push_back("--no-hash");
  if (!request.carve) args.push_back("--no-carve");
  if (!request.stores.all) {
    std::string list;
    for (const uint32_t index : request.stores.indexes) list += (list.empty() ? "" : ",") + std::to_string(index);
    args.insert(args.end(), {"--vss", list.empty() ? std::string("none") : list});
  }
  return args;
}

}  // namespace shellcarve::cli
