#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "case/case_folder.h"
#include "case/volume_analysis.h"
#include "case/warning_cap.h"
#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "common/display_text.h"
#include "report/manifest.h"
#include "timeline/writers.h"

namespace po = boost::program_options;

namespace shellcarve::cli {

int run_timeline(const std::vector<std::string>& args) {
  const std::string started = now_iso8601();
  po::options_description options(
      "shellcarve timeline IMAGE [--webroots auto|all|PATH...] [--vss all|N[,N...]] [--format csv|jsonl|bodyfile] [-o FILE]");
  options.add_options()("help,h", "show this help")(
      "partition", po::value<uint32_t>(), "partition index (default: every NTFS volume)")(
      "webroots", po::value<std::vector<std::string>>()->multitoken(),
      "auto (profiles + applicationHost.config), all (whole volume), or volume paths")(
      "format", po::value<std::string>()->default_value("csv"), "csv, jsonl or bodyfile")(
      "output,o", po::value<std::string>(), "output file (written atomically, manifest.json beside it)")(
      "force", "write -o into a scan's case folder (its manifest.json is replaced)")(
      "examiner", po::value<std::string>(), "examiner name for the manifest (default: from the E01)")(
      "case-number", po::value<std::string>(), "case number for the manifest (default: from the E01)")(
      "no-hash", "do not hash the whole image for the manifest")(
      "no-carve", "skip carving (index slack, records and content outside the live file system)")(
      "vss", po::value<std::string>(), "also the web roots of these Volume Shadow Copy stores: all or N[,N...] (rows name their store)")(
      "image", po::value<std::string>(), "image file (first segment of a set)");
  const auto parsed = parse_or_help(args, options, {"image"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("image")) return report_error("timeline: no IMAGE given");
  const std::string format = vm["format"].as<std::string>();
  if (format != "csv" && format != "jsonl" && format != "bodyfile")
    return report_error("timeline: --format must be csv, jsonl or bodyfile, not '" + format + "'");
  const std::filesystem::path output(vm.count("output") ? vm["output"].as<std::string>() : "");
  const std::string output_dir = output.has_parent_path() ? output.parent_path().string() : ".";
  if (vm.count("output") && is_case_folder(output_dir) && !vm.count("force"))
    return report_error("timeline: '" + output_dir +
                        "' is a scan's case folder: -o would replace its manifest.json (use --force)");
  const auto webroots = vm.count("webroots") ? vm["webroots"].as<std::vector<std::string>>()
                                             : std::vector<std::string>{};
  const auto stores = optional_store_selection(vm);
  if (!stores) return report_error(stores.error().message);
  auto analysis = analyze_image(vm["image"].as<std::string>(), optional_partition(vm), webroots,
                                {.carve = vm.count("no-carve") == 0, .name_partition_in_warnings = false,
                                 .stores = *stores});
  if (!analysis) return report_error(analysis.error().message);
  const auto& events = analysis->events;
  // Rendered in pieces straight to where it goes: a whole-volume timeline runs to GiBs.
  const auto render = [&](const TimelineSink& sink) {
    if (format == "csv") write_timeline_csv(events, sink);
    else if (format == "jsonl") write_timeline_jsonl(events, sink);
    else write_timeline_bodyfile(events, sink);
  };
  // Damage met so far goes with the image's own warnings, to stderr and the manifest.
  for (auto& warning : take_image_damage_warnings(*analysis->opened.image))
    analysis->opened.warnings.push_back(std::move(warning));
  std::vector<std::string> warnings = analysis->opened.warnings;
  analysis->opened.warnings.insert(analysis->opened.warnings.end(), analysis->store_warnings.begin(),
                                   analysis->store_warnings.end());
  warnings.insert(warnings.end(), analysis->store_warnings.begin(), analysis->store_warnings.end());
  for (const auto& volume : analysis->volumes)
    warnings.insert(warnings.end(), volume.warnings.begin(), volume.warnings.end());
  for (const auto& warning : cap_repeated_warnings(warnings, default_limits().max_listed_warnings_per_kind).listed)
    report_warning(warning);
  std::cerr << "shellcarve: " << events.size() << " events";
  for (const auto& volume : analysis->volumes) {
    std::cerr << "\nshellcarve: " << view_name(volume) << ": " << volume.webroots.roots.size()
              << " web root(s); $UsnJrnl: "
              << (volume.usn.journal_present ? std::to_string(volume.usn.records) + " records" : std::string("absent"));
    // Web roots and site names may come from the image's applicationHost.config: escaped.
    for (const auto& root : volume.webroots.roots)
      std::cerr << "\n  " << escape_unsafe_text(root.path) << "  (" << escape_unsafe_text(root.origin) << ")";
    if (volume.carved) std::cerr << "\nshellcarve: partition " << volume.partition.index << ": " << carving_summary(volume);
  }
  std::cerr << "\n";
  if (!vm.count("output")) {
    render([](std::string_view piece) { std::cout << piece; });
    std::cout << std::flush;
    return std::cout ? kExitOk : report_error("timeline: cannot write to standard output");
  }
  OutputSet outputs(output_dir);
  if (auto status = outputs.write_streamed(output.filename().string(), render); !status)
    return report_error(status.error().message);
  RunManifest manifest;
  for (const auto& volume : analysis->volumes) add_volume_to_manifest(manifest, volume);
  if (auto status = fill_manifest(manifest, analysis->opened, vm.count("no-hash") == 0,
                                  optional_string(vm, "examiner"), optional_string(vm, "case-number"),
                                  command_line_of("timeline", args));
      !status)
    return report_error(status.error().message);
  cap_manifest_warnings(manifest);
  manifest.options["format"] = format;
  manifest.outputs = outputs.outputs();
  manifest.started = started;
  manifest.finished = now_iso8601();
  if (auto status = outputs.write("manifest.json", render_manifest(manifest)); !status)
    return report_error(status.error().message);
  return kExitOk;
}

}  // namespace shellcarve::cli
