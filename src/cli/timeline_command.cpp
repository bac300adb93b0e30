#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "cli/volume_analysis.h"
#include "common/display_text.h"
#include "report/manifest.h"
#include "timeline/writers.h"

namespace po = boost::program_options;

namespace shellcarve::cli {

int run_timeline(const std::vector<std::string>& args) {
  const std::string started = now_iso8601();
  po::options_description options(
      "shellcarve timeline IMAGE [--webroots auto|all|PATH...] [--format csv|jsonl|bodyfile] [-o FILE]");
  options.add_options()("help,h", "show this help")(
      "partition", po::value<uint32_t>(), "partition index (default: the first NTFS one)")(
      "webroots", po::value<std::vector<std::string>>()->multitoken(),
      "auto (profiles + applicationHost.config), all (whole volume), or volume paths")(
      "format", po::value<std::string>()->default_value("csv"), "csv, jsonl or bodyfile")(
      "output,o", po::value<std::string>(), "output file (written atomically, manifest.json beside it)")(
      "examiner", po::value<std::string>(), "examiner name for the manifest (default: from the E01)")(
      "case-number", po::value<std::string>(), "case number for the manifest (default: from the E01)")(
      "no-hash", "do not hash the whole image for the manifest")(
      "no-carve", "skip carving (index slack, records and content outside the live file system)")(
      "image", po::value<std::string>(), "image file (first segment of a set)");
  const auto parsed = parse_or_help(args, options, {"image"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("image")) return report_error("timeline: no IMAGE given");
  const std::string format = vm["format"].as<std::string>();
  if (format != "csv" && format != "jsonl" && format != "bodyfile")
    return report_error("timeline: --format must be csv, jsonl or bodyfile, not '" + format + "'");
  const std::optional<uint32_t> partition = optional_partition(vm);
  const auto webroots = vm.count("webroots") ? vm["webroots"].as<std::vector<std::string>>()
                                             : std::vector<std::string>{};
  auto analysis = analyze_volume(vm["image"].as<std::string>(), partition, webroots,
                                 {.carve = vm.count("no-carve") == 0});
  if (!analysis) return report_error(analysis.error().message);
  const auto& events = analysis->timeline.events;
  // Rendered in pieces straight to where it goes: a whole-volume timeline runs to GiBs.
  const auto render = [&](const TimelineSink& sink) {
    if (format == "csv") write_timeline_csv(events, sink);
    else if (format == "jsonl") write_timeline_jsonl(events, sink);
    else write_timeline_bodyfile(events, sink);
  };
  for (auto& warning : take_image_damage_warnings(*analysis->opened.image))
    analysis->warnings.push_back(std::move(warning));
  for (const auto& warning : analysis->warnings) report_warning(warning);
  std::cerr << "shellcarve: " << events.size() << " events from " << analysis->timeline.files.size()
            << " names in " << analysis->webroots.roots.size() << " web root(s); $UsnJrnl: "
            << (analysis->usn.journal_present ? std::to_string(analysis->usn.records) + " records"
                                              : std::string("absent"));
  // Web roots and site names may come from the image's applicationHost.config: escaped.
  for (const auto& root : analysis->webroots.roots)
    std::cerr << "\n  " << escape_unsafe_text(root.path) << "  (" << escape_unsafe_text(root.origin) << ")";
  std::cerr << "\n";
  if (analysis->carved) std::cerr << "shellcarve: " << carving_summary(*analysis) << "\n";
  if (!vm.count("output")) {
    render([](std::string_view piece) { std::cout << piece; });
    std::cout << std::flush;
    return std::cout ? kExitOk : report_error("timeline: cannot write to standard output");
  }
  const std::filesystem::path output(vm["output"].as<std::string>());
  OutputSet outputs(output.has_parent_path() ? output.parent_path().string() : ".");
  if (auto status = outputs.write_streamed(output.filename().string(), render); !status)
    return report_error(status.error().message);
  RunManifest manifest;
  if (auto status = fill_manifest(manifest, *analysis, vm.count("no-hash") == 0,
                                  optional_string(vm, "examiner"), optional_string(vm, "case-number"),
                                  command_line_of("timeline", args));
      !status)
    return report_error(status.error().message);
  manifest.options["format"] = format;
  manifest.outputs = outputs.outputs();
  manifest.started = started;
  manifest.finished = now_iso8601();
  if (auto status = outputs.write("manifest.json", render_manifest(manifest)); !status)
    return report_error(status.error().message);
  return kExitOk;
}

}  // namespace shellcarve::cli
