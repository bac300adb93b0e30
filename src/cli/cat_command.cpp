#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <charconv>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "case/volume_selection.h"
#include "ntfs/cluster_allocation.h"
#include "ntfs/stream_reader.h"

namespace po = boost::program_options;

namespace shellcarve::cli {
namespace {

// ENTRY, ENTRY:STREAM, or fls's inode form ENTRY-TYPE-ID.
struct StreamSpec {
  uint64_t entry = 0;
  std::optional<std::string> stream_name;
  std::optional<uint32_t> type;
  std::optional<uint16_t> id;
};

std::optional<StreamSpec> parse_spec(const std::string& text) {
  StreamSpec spec;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, spec.entry);
  if (ec != std::errc() || ptr == begin) return std::nullopt;
  if (ptr == end) return spec;
  if (*ptr == ':') {
    spec.stream_name = std::string(ptr + 1, end);
    return spec;
  }
  if (*ptr != '-') return std::nullopt;
  uint32_t type = 0;
  auto [ptr2, ec2] = std::from_chars(ptr + 1, end, type);
  if (ec2 != std::errc()) return std::nullopt;
  spec.type = type;
  if (ptr2 == end) return spec;
  if (*ptr2 != '-') return std::nullopt;
  uint16_t id = 0;
  auto [ptr3, ec3] = std::from_chars(ptr2 + 1, end, id);
  if (ec3 != std::errc() || ptr3 != end) return std::nullopt;
  spec.id = id;
  return spec;
}

const ntfs::Attribute* choose(const ntfs::MftEntry& file, const StreamSpec& spec) {
  for (const auto& attribute : file.attributes) {
    if (attribute.lowest_vcn != 0) continue;
    if (spec.type || spec.id) {
      if (spec.type && static_cast<uint32_t>(attribute.type) != *spec.type) continue;
      if (spec.id && attribute.id != *spec.id) continue;
      return &attribute;
    }
    if (attribute.type != ntfs::AttributeType::kData) continue;
    if (attribute.name == spec.stream_name.value_or("")) return &attribute;
  }
  return nullptr;
}

// For a deleted file, says on stderr which of its clusters are still free and which now
// belong to another file: the examiner must know whether the bytes are the deleted file's.
void report_cluster_state(const ntfs::NtfsVolume& volume, const ntfs::MftEntry& file,
                          const ntfs::Attribute& attribute) {
  auto bitmap = ntfs::ClusterBitmap::load(volume);
  if (!bitmap) {
    report_warning("cannot read $Bitmap: " + bitmap.error().message);
    return;
  }
  std::cerr << "shellcarve: note: MFT entry " << file.entry_number << " is deleted\n";
  for (const auto& range : ntfs::describe_clusters(volume, *bitmap, attribute.runs, file.entry_number)) {
    std::cerr << "shellcarve: note: clusters " << range.lcn << "-" << range.lcn + range.length - 1
              << ": " << (range.allocated ? "allocated" : "unallocated (content likely intact)");
    if (range.allocated) {
      std::cerr << (range.owners.empty() ? " (no current owner found)" : " to MFT entry");
      for (const auto owner : range.owners) std::cerr << " " << owner;
      std::cerr << " (content likely overwritten)";
    }
    std::cerr << "\n";
  }
}

}  // namespace

int run_cat(const std::vector<std::string>& args) {
  po::options_description options("shellcarve cat IMAGE ENTRY[:STREAM] [--partition N] [--vss N]");
  options.add_options()("help,h", "show this help")(
      "partition", po::value<uint32_t>(), "partition index (default: the first NTFS one)")(
      "vss", po::value<std::string>(), "read the stream as Volume Shadow Copy store N holds it")(
      "image", po::value<std::string>(), "image file")(
      "entry", po::value<std::string>(), "MFT entry, ENTRY:STREAM or ENTRY-TYPE-ID");
  const auto parsed = parse_or_help(args, options, {"image", "entry"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("image") || !vm.count("entry")) return report_error("cat: IMAGE and ENTRY are required");
  const auto spec = parse_spec(vm["entry"].as<std::string>());
  if (!spec)
    return report_error("cat: '" + vm["entry"].as<std::string>() +
                        "' is not ENTRY, ENTRY:STREAM or ENTRY-TYPE-ID");
  const std::optional<uint32_t> partition = optional_partition(vm);
  auto opened = open_ntfs_volume(vm["image"].as<std::string>(), partition);
  if (!opened) return report_error(opened.error().message);
  for (const auto& warning : opened->warnings) report_warning(warning);
  const auto stores = optional_store_selection(vm);
  if (!stores) return report_error(stores.error().message);
  if (stores->all || stores->indexes.size() > 1)
    return report_error("cat: --vss takes one store number (a stream is read from one volume)");
  std::vector<StoreVolume> views;
  if (!stores->empty()) {
    std::vector<std::string> store_warnings;
    auto opened_views = open_store_volumes(*opened->image, opened->partition, *stores, store_warnings);
    for (const auto& warning : store_warnings) report_warning(warning);
    if (!opened_views) return report_error(opened_views.error().message);
    if (opened_views->empty())
      return report_error(fmt::format("cat: VSS store {} of partition {} cannot be read (see the warnings)",
                                      stores->indexes.front(), opened->partition.index));
    views = std::move(*opened_views);
  }
  const ntfs::NtfsVolume& volume = views.empty() ? *opened->volume : *views.front().volume;
  auto file = volume.read_file(spec->entry);
  if (!file) return report_error(file.error().message);
  for (const auto& problem : file->damage)
    report_warning("MFT entry " + std::to_string(spec->entry) + ": " + problem);
  const ntfs::Attribute* attribute = choose(*file, *spec);
  if (!attribute)
    return report_error("cat: MFT entry " + std::to_string(spec->entry) +
                        " has no such stream ('" + vm["entry"].as<std::string>() + "')");
  if (!file->in_use() && !attribute->resident) report_cluster_state(volume, *file, *attribute);
  auto status = ntfs::read_stream(volume, *attribute, [](const ntfs::StreamPiece& piece) {
    return std::fwrite(piece.bytes.data(), 1, piece.bytes.size(), stdout) == piece.bytes.size();
  });
  std::fflush(stdout);
  if (!status) return report_error(status.error().message);
  if (std::ferror(stdout)) return report_error("cat: cannot write to standard output");
  return kExitOk;
}

}  // namespace shellcarve::cli
