#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/volume_selection.h"
#include "ntfs/directory_tree.h"
#include "ntfs/mft_scan.h"
#include "report/manifest.h"
#include "timeline/event_builder.h"
#include "timeline/writers.h"

namespace po = boost::program_options;

namespace shellcarve::cli {
namespace {

std::string joined_command_line(const std::vector<std::string>& args) {
  std::string line = "shellcarve timeline";
  for (const auto& arg : args) line += " " + arg;
  return line;
}

}  // namespace

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
      "image", po::value<std::string>(), "image file (first segment of a set)");
  po::positional_options_description positional;
  positional.add("image", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  if (!vm.count("image")) return report_error("timeline: no IMAGE given");
  const std::string format = vm["format"].as<std::string>();
  if (format != "csv" && format != "jsonl" && format != "bodyfile")
    return report_error("timeline: --format must be csv, jsonl or bodyfile, not '" + format + "'");
  WebRootMode mode = WebRootMode::kAuto;
  std::vector<std::string> paths;
  if (vm.count("webroots")) {
    paths = vm["webroots"].as<std::vector<std::string>>();
    if (paths.size() == 1 && paths[0] == "all") mode = WebRootMode::kAll;
    else if (!(paths.size() == 1 && paths[0] == "auto")) mode = WebRootMode::kPaths;
  }
  std::optional<uint32_t> partition;
  if (vm.count("partition")) partition = vm["partition"].as<uint32_t>();

  auto opened = open_ntfs_volume(vm["image"].as<std::string>(), partition);
  if (!opened) return report_error(opened.error().message);
  RunManifest manifest;
  manifest.warnings = opened->volume->warnings();
  auto catalog = ntfs::scan_mft(*opened->volume);
  if (!catalog) return report_error(catalog.error().message);
  manifest.warnings.insert(manifest.warnings.end(), catalog->warnings.begin(), catalog->warnings.end());
  const auto tree = ntfs::build_directory_tree(*catalog, opened->volume->limits());
  manifest.warnings.insert(manifest.warnings.end(), tree.warnings.begin(), tree.warnings.end());
  const auto webroots = select_webroots(*opened->volume, *catalog, tree, mode, paths);
  manifest.warnings.insert(manifest.warnings.end(), webroots.warnings.begin(), webroots.warnings.end());
  const auto usn = build_usn_events(*opened->volume, *catalog, tree, webroots);
  manifest.warnings.insert(manifest.warnings.end(), usn.warnings.begin(), usn.warnings.end());
  const auto timeline = build_web_timeline(*catalog, tree, webroots, &usn);

  std::string content = format == "csv"     ? write_timeline_csv(timeline.events)
                        : format == "jsonl" ? write_timeline_jsonl(timeline.events)
                                            : write_timeline_bodyfile(timeline.events);
  for (const auto& warning : manifest.warnings) std::cerr << "shellcarve: warning: " << warning << "\n";
  std::cerr << "shellcarve: " << timeline.events.size() << " events from " << timeline.files.size()
            << " names in " << webroots.roots.size() << " web root(s); $UsnJrnl: "
            << (usn.journal_present ? std::to_string(usn.records) + " records" : std::string("absent"));
  for (const auto& root : webroots.roots) std::cerr << "\n  " << root.path << "  (" << root.origin << ")";
  std::cerr << "\n";
  if (!vm.count("output")) {
    std::cout << content << std::flush;
    return std::cout ? kExitOk : report_error("timeline: cannot write to standard output");
  }

  const std::filesystem::path output(vm["output"].as<std::string>());
  const std::string directory = output.has_parent_path() ? output.parent_path().string() : ".";
  OutputSet outputs(directory);
  if (auto status = outputs.write(output.filename().string(), content); !status)
    return report_error(status.error().message);
  auto image_identity = describe_image_for_manifest(*opened->image, vm.count("no-hash") == 0);
  if (!image_identity) return report_error(image_identity.error().message);
  manifest.image = std::move(*image_identity);
  const auto ewf = opened->image->ewf_metadata();
  manifest.examiner = vm.count("examiner") ? vm["examiner"].as<std::string>() : ewf ? ewf->examiner : "";
  manifest.case_number = vm.count("case-number") ? vm["case-number"].as<std::string>()
                         : ewf                   ? ewf->case_number
                                                 : "";
  manifest.command_line = joined_command_line(args);
  manifest.options = {{"format", format},
                      {"partition", std::to_string(opened->partition.index)},
                      {"webroots", mode == WebRootMode::kAll ? "all" : mode == WebRootMode::kAuto ? "auto" : "paths"}};
  for (size_t i = 0; i < webroots.roots.size(); ++i)
    manifest.options["webroot." + std::to_string(i)] = webroots.roots[i].path + " (" + webroots.roots[i].origin + ")";
  manifest.outputs = outputs.outputs();
  manifest.started = started;
  manifest.finished = now_iso8601();
  if (auto status = outputs.write("manifest.json", render_manifest(manifest)); !status)
    return report_error(status.error().message);
  return kExitOk;
}

}  // namespace shellcarve::cli
