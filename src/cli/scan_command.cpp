#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <boost/program_options.hpp>
#include <filesystem>
#include <functional>
#include <iostream>

#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "carve/record_findings.h"
#include "cli/scan_carving.h"
#include "cli/volume_analysis.h"
#include "common/display_text.h"
#include "common/filetime.h"
#include "detect/webshell_hunt.h"
#include "report/manifest.h"
#include "timeline/writers.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace shellcarve::cli {
namespace {

Status prepare_output_directory(const fs::path& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      return fail(ErrorCode::kInvalidArgument, "--out '" + dir.string() + "' exists and is not a directory");
    if (!fs::is_empty(dir, ec) && !force)
      return fail(ErrorCode::kInvalidArgument,
                  "--out '" + dir.string() + "' exists and is not empty (use --force to write into it)");
  }
  fs::create_directories(dir / "evidence", ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create '" + (dir / "evidence").string() + "': " + ec.message());
  return {};
}

}  // namespace

int run_scan(const std::vector<std::string>& args) {
  const std::string started = now_iso8601();
  po::options_description options(
      "shellcarve scan IMAGE --out DIR [--patched-at ISO8601] [--rules DIR|FILE]... [--webroots auto|all|PATH...]");
  options.add_options()("help,h", "show this help")(
      "out", po::value<std::string>(), "case folder to write (refused if not empty, unless --force)")(
      "force", "write into a non-empty --out directory")(
      "patched-at", po::value<std::string>(), "when the server was patched (ISO 8601, UTC unless an offset is given)")(
      "rules", po::value<std::vector<std::string>>(), "more YARA rules (file or directory; repeatable)")(
      "webroots", po::value<std::vector<std::string>>()->multitoken(), "auto, all, or volume paths")(
      "partition", po::value<uint32_t>(), "partition index (default: the first NTFS one)")(
      "examiner", po::value<std::string>(), "examiner name for the manifest")(
      "case-number", po::value<std::string>(), "case number for the manifest")(
      "no-hash", "do not hash the whole image for the manifest")(
      "no-carve", "skip carving (content in unallocated space and slack, index slack, records outside the live file system)")(
      "image", po::value<std::string>(), "image file (first segment of a set)");
  const auto parsed = parse_or_help(args, options, {"image"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("image")) return report_error("scan: no IMAGE given");
  if (!vm.count("out")) return report_error("scan: --out DIR is required");
  std::optional<uint64_t> patched_at;
  if (vm.count("patched-at")) {
    patched_at = iso8601_to_filetime(vm["patched-at"].as<std::string>());
    if (!patched_at)
      return report_error("scan: --patched-at '" + vm["patched-at"].as<std::string>() +
                          "' is not an ISO 8601 time (e.g. 2021-03-03T21:00:00Z)");
  }
  auto rules = compile_scan_rules(vm.count("rules") ? vm["rules"].as<std::vector<std::string>>()
                                               : std::vector<std::string>{});
  if (!rules) return report_error(rules.error().message);
  const fs::path out(vm["out"].as<std::string>());
  if (auto status = prepare_output_directory(out, vm.count("force") > 0); !status)
    return report_error(status.error().message);

  const std::optional<uint32_t> partition = optional_partition(vm);
  const auto webroots = vm.count("webroots") ? vm["webroots"].as<std::vector<std::string>>()
                                             : std::vector<std::string>{};
  auto analysis = analyze_volume(vm["image"].as<std::string>(), partition, webroots,
                                 {.carve = vm.count("no-carve") == 0});
  if (!analysis) return report_error(analysis.error().message);

  PatchTime patch = infer_patch_time(analysis->catalog, analysis->tree);
  if (patched_at) {
    patch.evidence.insert(patch.evidence.begin(), "given by the examiner (--patched-at)");
    patch.filetime = patched_at;
    patch.source = "examiner";
  }
  HuntOptions hunt_options;
  if (::isatty(STDERR_FILENO)) {
    // A progress bar only for a person watching; batch logs get the summary alone.
    hunt_options.progress = [last = uint64_t{101}](uint64_t done, uint64_t total) mutable {
      const uint64_t percent = total ? done * 100 / total : 100;
      if (percent == last) return;
      last = percent;
      std::cerr << "\rshellcarve: scanning [" << std::string(percent / 5, '#')
                << std::string(20 - percent / 5, ' ') << "] " << percent << "% " << std::flush;
      if (done + 1 >= total) std::cerr << "\n";
    };
  }
  auto hunt = hunt_webshells(*analysis->opened.volume, analysis->catalog, analysis->tree,
                             analysis->timeline, analysis->usn, *rules, patch, hunt_options);
  if (!hunt) return report_error(hunt.error().message);
  if (analysis->carved)
    if (auto status = carve::hunt_carved_records(analysis->records.files, analysis->webroots, *rules, patch, *hunt);
        !status)
      return report_error(status.error().message);
  std::string carved = "carving skipped (--no-carve)";
  if (!vm.count("no-carve")) {
    auto summary = add_carved_findings(*analysis->opened.volume, analysis->tree, *rules, *hunt);
    if (!summary) return report_error(summary.error().message);
    carved = *summary;
  }

  OutputSet outputs(out.string());
  const auto& events = analysis->timeline.events;
  // One output rendered at a time: on a large volume each is hundreds of MiB.
  const std::vector<std::pair<const char*, std::function<void(const OutputSet::PieceSink&)>>> renderers{
      {"findings.json", [&](const OutputSet::PieceSink& sink) { sink(write_findings_json(hunt->findings, patch)); }},
      {"findings.csv", [&](const OutputSet::PieceSink& sink) { sink(write_findings_csv(hunt->findings)); }},
      {"timeline.csv", [&](const OutputSet::PieceSink& sink) { write_timeline_csv(events, sink); }},
      {"timeline.jsonl", [&](const OutputSet::PieceSink& sink) { write_timeline_jsonl(events, sink); }},
      {"timeline.body", [&](const OutputSet::PieceSink& sink) { write_timeline_bodyfile(events, sink); }}};
  for (const auto& [name, render] : renderers)
    if (auto status = outputs.write_streamed(name, render); !status) return report_error(status.error().message);
  // Flagged content, once per SHA-256, named by its hash (never by a name from the image)
  // and made read-only: it is evidence, never to be run.
  // Content too large to hold was kept as a way to read it again; content over the evidence
  // limit is not written (the hunt's warnings say so).
  for (const auto& flagged : hunt->evidence) {
    if (flagged.withheld) continue;
    const std::string name = "evidence/" + flagged.sha256 + ".bin";
    Status read;
    auto status = outputs.write_streamed(name, [&](const OutputSet::PieceSink& sink) {
      read = stream_flagged_content(flagged, [&](std::span<const std::byte> bytes) {
        sink(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
      });
    });
    if (status && !read) status = std::unexpected(read.error());
    if (status && outputs.outputs().back().sha256 != flagged.sha256)
      status = fail(ErrorCode::kIo, "'" + name + "' read again from the image has SHA-256 " +
                                        outputs.outputs().back().sha256);
    if (!status) return report_error(status.error().message);
    if (::chmod(outputs.path_of(name).c_str(), 0444) != 0)
      return report_error("cannot make '" + outputs.path_of(name) + "' read-only: " +
                          std::strerror(errno));
  }
  RunManifest manifest;
  if (auto status = fill_manifest(manifest, *analysis, vm.count("no-hash") == 0,
                                  optional_string(vm, "examiner"), optional_string(vm, "case-number"),
                                  command_line_of("scan", args));
      !status)
    return report_error(status.error().message);
  manifest.options["patched_at"] = patch.filetime ? filetime_to_iso8601(*patch.filetime) : "unknown";
  manifest.options["patched_at_source"] = patch.source;
  manifest.options["carve.content"] = carved;
  manifest.options["hunt.streams_scanned"] = std::to_string(hunt->streams_scanned);
  manifest.options["hunt.bytes_scanned"] = std::to_string(hunt->bytes_scanned);
  manifest.options["hunt.zero_bytes_skipped"] = std::to_string(hunt->zero_bytes_skipped);
  manifest.options["hunt.chunks_scanned"] = std::to_string(hunt->chunks_scanned);
  manifest.options["hunt.chunk_size"] = std::to_string(hunt_options.content.chunk_size);
  manifest.options["hunt.chunk_overlap"] = std::to_string(hunt_options.content.overlap);
  manifest.options["hunt.max_yara_timeouts_per_object"] = std::to_string(hunt_options.content.max_yara_timeouts);
  manifest.options["hunt.max_evidence_bytes"] = std::to_string(hunt_options.max_evidence_bytes);
  manifest.options["yara.timeout_seconds"] = std::to_string((*rules)->limits().timeout_seconds);
  manifest.options["yara.max_matches_per_object"] = std::to_string((*rules)->limits().max_matches_per_object);
  manifest.options["yara.max_strings_per_match"] = std::to_string((*rules)->limits().max_strings_per_match);
  for (size_t i = 0; i < (*rules)->report().compiled.size(); ++i)
    manifest.options["rules." + std::to_string(i)] = (*rules)->report().compiled[i].string();
  manifest.warnings.insert(manifest.warnings.end(), hunt->warnings.begin(), hunt->warnings.end());
  manifest.outputs = outputs.outputs();
  manifest.started = started;
  manifest.finished = now_iso8601();
  if (auto status = outputs.write("manifest.json", render_manifest(manifest)); !status)
    return report_error(status.error().message);

  for (const auto& warning : manifest.warnings) report_warning(warning);
  size_t after = 0, critical = 0;
  for (const auto& f : hunt->findings) {
    after += f.relative_to_patch == "after";
    critical += f.severity == "critical";
  }
  std::cerr << "shellcarve: scanned " << hunt->streams_scanned << " streams (" << hunt->bytes_scanned
            << " bytes in " << hunt->chunks_scanned << " chunks, " << hunt->zero_bytes_skipped
            << " bytes of zero runs skipped) in " << analysis->webroots.roots.size() << " web root(s); patched at "
            << (patch.filetime ? filetime_to_iso8601(*patch.filetime) : std::string("unknown")) << " ("
            << patch.source << ")\n";
  if (analysis->carved) std::cerr << "shellcarve: " << carving_summary(*analysis) << "\n";
  std::cerr << "shellcarve: " << carved << "\n";
  std::cerr << "shellcarve: " << hunt->findings.size() << " finding(s), " << after
            << " planted after the patch, " << critical << " critical -> " << out.string() << "\n";
  for (const auto& f : hunt->findings)
    std::cerr << "  [" << f.severity << "] "
              << (f.path.empty() ? "image offset " + std::to_string(f.image_offset) : escape_unsafe_text(f.path))
              << " (" << f.state << ", planted "
              << (f.planted_at ? filetime_to_iso8601(*f.planted_at) : std::string("?")) << ", "
              << f.relative_to_patch << " patch" << (f.timestomped ? ", timestomped" : "") << ")\n";
  return hunt->findings.empty() ? kExitOk : kExitNegative;
}

}  // namespace shellcarve::cli
