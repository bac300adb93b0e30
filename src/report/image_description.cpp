#include "report/image_description.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "common/display_text.h"
#include "common/filetime.h"
#include "ntfs/boot_sector.h"
#include "ntfs/mft_record_parser.h"
#include "common/json_writer.h"

namespace shellcarve {
namespace {

// One sector of the image, or nullopt when it lies (partly) past the end or cannot be read.
std::optional<std::vector<std::byte>> read_sector(Image& image, uint64_t offset, size_t size) {
  if (offset > image.size() || size > image.size() - offset) return std::nullopt;
  std::vector<std::byte> sector(size);
  if (!image.read(offset, sector)) return std::nullopt;
  return sector;
}

// The $VOLUME_NAME of $Volume. $Volume is MFT entry 3; entries 0-3 lie contiguously at the
// start of $MFT on every volume (mkntfs and Windows format both place them in the first
// data run, and $MFTMirr mirrors exactly these records), so entry 3 is read at
// mft_offset + 3 * record_size without resolving the $MFT's data runs.
void read_label(Image& image, const Partition& partition, FilesystemDescription& fs) {
  const uint64_t record_size = *fs.mft_record_size;
  const uint64_t offset = *fs.mft_offset + 3 * record_size;
  const auto record = read_sector(image, offset, static_cast<size_t>(record_size));
  if (!record) {
    fs.warnings.push_back(fmt::format(
        "partition {}: MFT entry 3 ($Volume) at byte {} lies past the end of the image "
        "({} bytes); no label",
        partition.index, offset, image.size()));
    return;
  }
  auto entry = ntfs::parse_mft_record(*record, offset, 3);
  if (!entry) {
    fs.warnings.push_back(fmt::format("partition {}: MFT entry 3 ($Volume) at byte {}: {}",
                                      partition.index, offset, entry.error().message));
    return;
  }
  if (!entry->fixup_valid)
    fs.warnings.push_back(fmt::format(
        "partition {}: MFT entry 3 ($Volume) at byte {} fails its fixup check; label read "
        "as stored",
        partition.index, offset));
  fs.label = entry->volume_name.value_or("");
}

void describe_ntfs(Image& image, const Partition& partition, uint64_t start,
                   const ntfs::BootSector& boot, FilesystemDescription& fs) {
  fs.type = "ntfs";
  fs.cluster_size = boot.cluster_size();
  fs.mft_offset = start + boot.mft_offset();
  fs.volume_serial = boot.volume_serial;
  fs.mft_record_size = boot.mft_record_size;
  fs.total_sectors = boot.total_sectors;
  // The boot sector's total_sectors excludes the backup boot sector after the volume, so
  // the volume's bytes end at start + total_sectors * bytes_per_sector.
  const uint64_t volume_end = start + boot.volume_size();
  if (volume_end > image.size())
    fs.warnings.push_back(fmt::format(
        "partition {}: the NTFS volume at byte {} claims {} sectors ({} bytes) but the image "
        "ends at byte {}: the image is truncated ({} bytes missing)",
        partition.index, start, boot.total_sectors, boot.volume_size(), image.size(),
        volume_end - image.size()));
  read_label(image, partition, fs);
  // The shadow copies: the catalog lies inside the volume (at byte 0x1e00), the stores'
  // copied blocks inside it too unless kept on a separate storage volume.
  const uint64_t partition_end = std::min(image.size(), start + partition.length_sectors * image.sector_size());
  if (partition_end > start) {
    const VssCatalog vss = VssCatalog::read(image, start, partition_end - start,
                                            fmt::format("partition {}", partition.index));
    fs.vss_present = vss.present();
    fs.vss_stores = vss.stores();
    fs.warnings.insert(fs.warnings.end(), vss.warnings().begin(), vss.warnings().end());
  }
}

FilesystemDescription describe_filesystem(Image& image, const Partition& partition) {
  FilesystemDescription fs;
  const uint32_t sector_size = image.sector_size();
  const uint64_t start = partition.byte_offset(sector_size);
  const uint64_t end = start + partition.length_sectors * sector_size;
  if (end > image.size())
    fs.warnings.push_back(fmt::format(
        "partition {} (sectors {}-{}) runs past the end of the image ({} bytes): the image "
        "is truncated",
        partition.index, partition.start_sector,
        partition.start_sector + partition.length_sectors - 1, image.size()));

  std::string primary_problem;
  if (const auto sector = read_sector(image, start, sector_size)) {
    auto boot = ntfs::parse_boot_sector(*sector);
    if (boot) {
      describe_ntfs(image, partition, start, *boot, fs);
      return fs;
    }
    if (boot.error().code != ErrorCode::kFormat) primary_problem = boot.error().message;
  }
  // NTFS keeps a copy of the boot sector in the last sector of the volume (the partition's
  // last sector); a volume whose sector 0 was wiped or damaged is still found through it.
  if (partition.length_sectors > 1 && end <= image.size()) {
    const uint64_t backup_offset = end - sector_size;
    if (const auto sector = read_sector(image, backup_offset, sector_size)) {
      if (auto boot = ntfs::parse_boot_sector(*sector)) {
        fs.from_backup_boot_sector = true;
        fs.warnings.push_back(fmt::format(
            "partition {}: the boot sector at byte {} is not a valid NTFS boot sector{}; "
            "using the backup boot sector at byte {}",
            partition.index, start, primary_problem.empty() ? "" : " (" + primary_problem + ")",
            backup_offset));
        describe_ntfs(image, partition, start, *boot, fs);
        return fs;
      }
    }
  }
  if (!primary_problem.empty())
    fs.warnings.push_back(fmt::format("partition {} at byte {}: {}", partition.index, start,
                                      primary_problem));
  const std::string name = name_filesystem(image, start);
  fs.type = name.empty() ? "unknown" : name;
  return fs;
}

}  // namespace

Result<ImageDescription> describe_image(Image& image) {
  ImageDescription d;
  d.format = image.format();
  d.segments = image.segments();
  d.warnings = image.open_warnings();
  d.media_size = image.size();
  d.sector_size = image.sector_size();
  d.ewf = image.ewf_metadata();
  SC_ASSIGN_OR_RETURN(const PartitionTable table, read_partition_table(image));
  d.partition_scheme = table.scheme;
  for (const auto& partition : table.partitions)
    d.partitions.push_back({partition, describe_filesystem(image, partition)});
  return d;
}

bool holds_nothing_known(const ImageDescription& d) {
  return d.partition_scheme == "none" &&
         std::all_of(d.partitions.begin(), d.partitions.end(),
                     [](const PartitionDescription& p) { return p.filesystem.type == "unknown"; });
}

std::string render_json(const ImageDescription& d) {
  JsonWriter json;
  json.begin_object();
  json.key("format").value(d.format);
  json.key("segments").begin_array();
  for (const auto& segment : d.segments) json.value(segment);
  json.end_array();
  json.key("warnings").begin_array();
  for (const auto& warning : d.warnings) json.value(warning);
  json.end_array();
  json.key("media_size").value(d.media_size);
  json.key("sector_size").value(d.sector_size);
  if (d.ewf) {
    json.key("ewf").begin_object();
    json.key("case_number").value(d.ewf->case_number);
    json.key("evidence_number").value(d.ewf->evidence_number);
    json.key("examiner").value(d.ewf->examiner);
    json.key("description").value(d.ewf->description);
    json.key("notes").value(d.ewf->notes);
    json.key("acquired").value(d.ewf->acquired);
    json.key("acquiry_software").value(d.ewf->acquiry_software);
    json.key("acquiry_os").value(d.ewf->acquiry_os);
    json.key("md5").value(d.ewf->md5);
    json.key("sha1").value(d.ewf->sha1);
    json.end_object();
  }
  json.key("partition_scheme").value(d.partition_scheme);
  json.key("partitions").begin_array();
  for (const auto& p : d.partitions) {
    json.begin_object();
    json.key("index").value(p.partition.index);
    json.key("start_sector").value(p.partition.start_sector);
    json.key("length_sectors").value(p.partition.length_sectors);
    json.key("description").value(p.partition.description);
    json.key("filesystem").begin_object();
    json.key("type").value(p.filesystem.type);
    if (p.filesystem.type == "ntfs") {
      json.key("cluster_size").value(p.filesystem.cluster_size.value_or(0));
      json.key("mft_offset").value(p.filesystem.mft_offset.value_or(0));
      json.key("mft_record_size").value(p.filesystem.mft_record_size.value_or(0));
      json.key("total_sectors").value(p.filesystem.total_sectors.value_or(0));
      json.key("volume_serial").value(fmt::format("{:016X}", p.filesystem.volume_serial.value_or(0)));
      json.key("label").value(p.filesystem.label);
      json.key("from_backup_boot_sector").value(p.filesystem.from_backup_boot_sector);
      json.key("vss").begin_object();
      json.key("present").value(p.filesystem.vss_present);
      json.key("stores").begin_array();
      for (const VssStore& store : p.filesystem.vss_stores) {
        json.begin_object();
        json.key("index").value(store.index);
        json.key("identifier").value(store.identifier);
        json.key("copy_identifier").value(store.copy_identifier);
        json.key("copy_set_identifier").value(store.copy_set_identifier);
        json.key("creation_time").value(filetime_to_iso8601(store.creation_time));
        json.key("creation_filetime").value(store.creation_time);
        json.key("volume_size").value(store.volume_size);
        json.key("attribute_flags").value(fmt::format("0x{:08x}", store.attribute_flags));
        json.key("blocks").value(store.blocks);
        json.key("data_in_volume").value(store.data_in_volume);
        json.key("readable").value(store.readable());
        json.key("problems").begin_array();
        for (const auto& problem : store.problems) json.value(problem);
        json.end_array();
        json.end_object();
      }
      json.end_array();
      json.end_object();
    }
    json.key("warnings").begin_array();
    for (const auto& w : p.filesystem.warnings) json.value(w);
    json.end_array();
    json.end_object();
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return json.take();
}

std::string render_text(const ImageDescription& d) {
  // Labels, partition names, EWF case fields and warnings come from the image: escaped
  // (common/display_text.h) so none can forge a line or drive the terminal.
  const auto shown = [](const std::string& text) { return escape_unsafe_text(text); };
  std::string out;
  out += fmt::format("Format:       {}\n", d.format);
  for (const auto& segment : d.segments) out += fmt::format("Segment:      {}\n", shown(segment));
  for (const auto& warning : d.warnings) out += fmt::format("Warning:      {}\n", shown(warning));
  out += fmt::format("Media size:   {} bytes\nSector size:  {} bytes\n", d.media_size,
                     d.sector_size);
  if (d.ewf) {
    out += fmt::format("Case number:  {}\nEvidence:     {}\nExaminer:     {}\n",
                       shown(d.ewf->case_number), shown(d.ewf->evidence_number), shown(d.ewf->examiner));
    out += fmt::format("Description:  {}\nNotes:        {}\nAcquired:     {}\n",
                       shown(d.ewf->description), shown(d.ewf->notes), shown(d.ewf->acquired));
    out += fmt::format("OS:           {}\n", shown(d.ewf->acquiry_os));
    out += fmt::format("Software:     {}\nStored MD5:   {}\nStored SHA-1: {}\n",
                       shown(d.ewf->acquiry_software), shown(d.ewf->md5), shown(d.ewf->sha1));
  }
  out += fmt::format("Partitions ({}):\n", d.partition_scheme);
  for (const auto& p : d.partitions) {
    out += fmt::format("  [{}] start {} length {} sectors  {}  fs={}", p.partition.index,
                       p.partition.start_sector, p.partition.length_sectors,
                       shown(p.partition.description), p.filesystem.type);
    if (p.filesystem.type == "ntfs")
      out += fmt::format(" cluster={} mft_offset={} serial={:016X} label={}",
                         p.filesystem.cluster_size.value_or(0),
                         p.filesystem.mft_offset.value_or(0),
                         p.filesystem.volume_serial.value_or(0),
                         shown(p.filesystem.label.value_or("")));
    if (p.filesystem.from_backup_boot_sector) out += " (from the backup boot sector)";
    out += "\n";
    if (p.filesystem.vss_present)
      out += fmt::format("      VSS stores ({}):\n", p.filesystem.vss_stores.size());
    for (const VssStore& store : p.filesystem.vss_stores) {
      out += fmt::format("      [store {}] {} created {} volume {} bytes, {} blocks", store.index,
                         store.identifier.empty() ? "-" : store.identifier, filetime_to_iso8601(store.creation_time),
                         store.volume_size, store.blocks);
      if (!store.data_in_volume) out += "  data on a separate storage volume: not readable from this image";
      else if (!store.readable()) out += "  not readable: " + shown(store.problems.front());
      else out += "  data in this volume";
      out += "\n";
    }
    for (const auto& w : p.filesystem.warnings) out += fmt::format("      warning: {}\n", shown(w));
  }
  return out;
}

}  // namespace shellcarve
