#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <optional>
#include <thread>

#include "ntfs/index/volume_index_slack.h"
#include "timeline/index_slack_rows.h"
#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "case/volume_analysis.h"
#include "case/volume_selection.h"
#include "ntfs/directory_tree.h"
#include "ntfs/index_paths.h"
#include "ntfs/mft_scan.h"
#include "timeline/listing.h"

namespace po = boost::program_options;

namespace shellcarve::cli {
namespace {
int finish(Image& image);
}
// What `ls` leaves to the end of the process (see run_ls). External linkage on purpose: the
// compiler must keep the stores into it, so the objects stay reachable from a global for
// the leak checker of the sanitizer build (with internal linkage GCC dropped them, and
// LeakSanitizer reported the catalog as leaked).
struct KeptUntilExit {
  ntfs::FileCatalog* catalog = nullptr;
  ntfs::DirectoryTree* tree = nullptr;
};
KeptUntilExit kept_until_exit;

namespace {

// Lists one volume (the live one or a VSS store's) on stdout; `prefix` goes before every
// name ("" for the live volume), `what` before its errors.
template <class Phase>
int list_volume(const ntfs::NtfsVolume& volume, const po::variables_map& vm, bool stats, Phase& phase,
                const std::string& prefix, const std::string& what, bool keep) {
  auto catalog = ntfs::scan_mft(volume);
  phase("scan $MFT", volume.record_count());
  if (!catalog) return report_error(what + catalog.error().message);
  for (const auto& warning : catalog->warnings)
    report_warning(warning);
  // --index-slack: the deleted names directories' $I30 indexes keep in their slack, which
  // fls lists. Reading every directory's index needs only the catalog, so it runs on the
  // other core while the names are placed, then on both (src/ntfs/index/volume_index_slack.h).
  // It is asked for, not done by default: on the 500,000-file bench volume it costs 0.3-0.4
  // s of CPU (0.5-0.8 s through libewf; docs/speed.md), and `timeline` and `scan` recover
  // these names in the web roots anyway.
  const bool with_index_slack = vm.count("index-slack") > 0;
  std::optional<ntfs::VolumeIndexSlackReader> index_slack_reader;
  std::jthread index_slack_helper;
  const auto index_slack_start = std::chrono::steady_clock::now();
  if (with_index_slack) {
    index_slack_reader.emplace(volume, *catalog);
    index_slack_helper = std::jthread([&] { index_slack_reader->work(); });
  }
  auto tree = ntfs::build_directory_tree(*catalog, volume.limits());
  ntfs::VolumeIndexSlack index_slack;
  if (with_index_slack) {
    index_slack_reader->work();  // the names are placed: help with what is left
    index_slack_helper.join();
    index_slack = index_slack_reader->take();
  }
  const double index_slack_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - index_slack_start).count();
  phase("place names", tree.names.size());
  if (stats && with_index_slack)
    std::cerr << "shellcarve: $I30 slack (from the scan's end, alongside the names): "
              << index_slack_seconds << " s, " << index_slack.directories_read << " directories, " << index_slack.names
              << " names\n";
  // A rewritten $FILE_NAME parent reference moves a subtree where neither Windows nor fls
  // sees it. When the $FN chains show a sign of that (a live record no directory holds, a
  // name claiming the root that the root's index does not list), every directory's index is
  // read, as fls does, and names are placed where the indexes list them
  // (src/ntfs/index_paths.h); otherwise this costs one read of the root's index.
  const bool walk_indexes = ntfs::index_walk_warranted(volume, *catalog, tree);
  phase("check names against the root's $I30", 0);
  if (walk_indexes) {
    const auto check = ntfs::reconcile_paths_with_indexes(volume, *catalog, tree,
                                                          [](std::string_view) { return true; });
    phase("place names by $I30", check.directories_read);
    report_capped_warnings(check.warnings, volume.limits().max_listed_damaged_records);
    for (const auto& disagreement : check.disagreements) report_warning(ntfs::describe_disagreement(disagreement));
  }
  for (const auto& warning : tree.warnings) report_warning(warning);
  report_capped_warnings(index_slack.warnings, volume.limits().max_listed_damaged_records);

  ListingOptions listing_options;
  listing_options.deleted_only = vm.count("deleted") > 0;
  const bool bodyfile = vm.count("bodyfile") > 0;
  const bool long_form = vm.count("long") > 0;
  // Rows are formatted on every core in blocks and written in order as blocks complete: a
  // volume of a million files never holds its listing in memory.
  auto format = [&](std::string& out, const ListingRow& row) {
    const size_t line_start = out.size();
    if (bodyfile) append_bodyfile_line(out, row);
    else if (long_form) out += long_line(row);
    else if (!row.file_name_row) out += fls_line(row);
    // A store's rows say so: "vssN:" before the name (the bodyfile's second field, the
    // last tab-separated column otherwise).
    if (!prefix.empty() && out.size() > line_start) {
      const size_t at = bodyfile ? out.find('|', line_start) + 1 : out.rfind('\t') + 1;
      out.insert(at, prefix);
    }
  };
  auto write = [](const std::string& block) { std::fwrite(block.data(), 1, block.size(), stdout); };
  format_listing_in_parallel(*catalog, tree, listing_options, format, write);
  // The names recovered from $I30 slack (--index-slack) follow the names of the MFT.
  std::string slack_rows;
  for_each_index_slack_row(*catalog, tree, index_slack,
                                  [&](const ListingRow& row) { format(slack_rows, row); });
  write(slack_rows);
  std::fflush(stdout);
  phase("write rows", 0);
  // `ls` ends here: freeing the catalog and tree (millions of small allocations) would cost
  // a tenth of a second and serve nothing, so they are handed to a pointer that lives until
  // the process exits (still reachable, so the leak checker of the sanitizer build is content).
  if (keep) {
    kept_until_exit.catalog = new ntfs::FileCatalog(std::move(*catalog));
    kept_until_exit.tree = new ntfs::DirectoryTree(std::move(tree));
  }
  return kExitOk;
}

int finish(Image& image) {
  for (const auto& warning : take_image_damage_warnings(image)) report_warning(warning);
  return std::ferror(stdout) ? report_error("ls: cannot write the listing to standard output") : kExitOk;
}

}  // namespace

int run_ls(const std::vector<std::string>& args) {
  po::options_description options(
      "shellcarve ls IMAGE [--partition N] [--vss all|N[,N...]] [--deleted] [--long] [--bodyfile] [--index-slack] [--stats]");
  options.add_options()("help,h", "show this help")(
      "partition", po::value<uint32_t>(), "partition index (default: the first NTFS one)")(
      "deleted", "list deleted names only")("long", "ISO 8601 times, sequence, image offset")(
      "bodyfile", "TSK bodyfile 3.x, as `fls -r -p -m /` writes it")(
      "index-slack", "also list the deleted names directories' $I30 indexes keep in their slack, as fls does")(
      "stats", "print the time of each phase and records/s to standard error")(
      "vss", po::value<std::string>(), "list these Volume Shadow Copy stores of the volume instead: all or N[,N...] (rows named vssN:)")(
      "image", po::value<std::string>(), "image file (first segment of a set)");
  const auto parsed = parse_or_help(args, options, {"image"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("image")) return report_error("ls: no IMAGE given");
  const std::optional<uint32_t> partition = optional_partition(vm);

  const bool stats = vm.count("stats") > 0;
  // For --stats: wall and CPU seconds since the previous phase ended (on a shared machine
  // the wall time alone says little).
  auto phase = [&, last = std::chrono::steady_clock::now(), last_cpu = std::clock()](
                   const char* name, uint64_t records) mutable {
    const auto now = std::chrono::steady_clock::now();
    const std::clock_t cpu = std::clock();
    if (stats) {
      const double seconds = std::chrono::duration<double>(now - last).count();
      std::cerr << "shellcarve: " << name << ": " << seconds << " s (cpu "
                << static_cast<double>(cpu - last_cpu) / CLOCKS_PER_SEC << " s)";
      if (records && seconds > 0) std::cerr << ", " << static_cast<uint64_t>(records / seconds) << " records/s";
      std::cerr << "\n";
    }
    last = now;
    last_cpu = cpu;
  };
  auto opened = open_ntfs_volume(vm["image"].as<std::string>(), partition);
  if (!opened) return report_error(opened.error().message);
  for (const auto& warning : opened->warnings) report_warning(warning);
  for (const auto& warning : opened->volume->warnings())
    report_warning(warning);
  phase("open", 0);
  const auto stores = optional_store_selection(vm);
  if (!stores) return report_error(stores.error().message);
  if (stores->empty())
    return list_volume(*opened->volume, vm, stats, phase, "", "", true) == kExitOk ? finish(*opened->image)
                                                                                     : kExitError;
  std::vector<std::string> store_warnings;
  auto views = open_store_volumes(*opened->image, opened->partition, *stores, store_warnings);
  for (const auto& warning : store_warnings) report_warning(warning);
  if (!views) return report_error(views.error().message);
  for (const StoreVolume& view : *views) {
    for (const auto& warning : view.volume->warnings()) report_warning(warning);
    const std::string prefix = fmt::format("vss{}:", view.store.index);
    if (list_volume(*view.volume, vm, stats, phase, prefix, "VSS " + describe_store(view.store) + ": ", false) != kExitOk)
      return kExitError;
    for (const auto& warning : take_image_damage_warnings(*view.image)) report_warning(warning);
  }
  return finish(*opened->image);
}

}  // namespace shellcarve::cli
