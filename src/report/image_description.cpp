#include "report/image_description.h"

#include <fmt/format.h>

#include <vector>

#include "ntfs/boot_sector.h"
#include "report/json_writer.h"

namespace shellcarve {
namespace {

FilesystemDescription describe_filesystem(Image& image, const Partition& partition) {
  FilesystemDescription fs;
  const uint64_t start = partition.byte_offset(image.sector_size());
  std::vector<std::byte> sector(512);
  if (start + sector.size() <= image.size() && image.read(start, sector)) {
    if (auto boot = ntfs::parse_boot_sector(sector)) {
      fs.type = "ntfs";
      fs.cluster_size = boot->cluster_size();
      fs.mft_offset = start + boot->mft_offset();
      fs.volume_serial = boot->volume_serial;
      fs.mft_record_size = boot->mft_record_size;
      return fs;
    } else if (boot.error().code != ErrorCode::kFormat) {
      fs.warnings.push_back(fmt::format("partition {} at byte {}: {}", partition.index, start,
                                        boot.error().message));
    }
  }
  const std::string name = name_filesystem(image, start);
  fs.type = name.empty() ? "unknown" : name;
  return fs;
}

}  // namespace

Result<ImageDescription> describe_image(Image& image) {
  ImageDescription d;
  d.format = image.format();
  d.segments = image.segments();
  d.media_size = image.size();
  d.sector_size = image.sector_size();
  d.ewf = image.ewf_metadata();
  SC_ASSIGN_OR_RETURN(const PartitionTable table, read_partition_table(image));
  d.partition_scheme = table.scheme;
  for (const auto& partition : table.partitions)
    d.partitions.push_back({partition, describe_filesystem(image, partition)});
  return d;
}

std::string render_json(const ImageDescription& d) {
  JsonWriter json;
  json.begin_object();
  json.key("format").value(d.format);
  json.key("segments").begin_array();
  for (const auto& segment : d.segments) json.value(segment);
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
      json.key("volume_serial").value(fmt::format("{:016X}", p.filesystem.volume_serial.value_or(0)));
      json.key("label").value(p.filesystem.label);
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
  std::string out;
  out += fmt::format("Format:       {}\n", d.format);
  for (const auto& segment : d.segments) out += fmt::format("Segment:      {}\n", segment);
  out += fmt::format("Media size:   {} bytes\nSector size:  {} bytes\n", d.media_size,
                     d.sector_size);
  if (d.ewf) {
    out += fmt::format("Case number:  {}\nEvidence:     {}\nExaminer:     {}\n",
                       d.ewf->case_number, d.ewf->evidence_number, d.ewf->examiner);
    out += fmt::format("Description:  {}\nNotes:        {}\nAcquired:     {}\n",
                       d.ewf->description, d.ewf->notes, d.ewf->acquired);
    out += fmt::format("Software:     {}\nStored MD5:   {}\nStored SHA-1: {}\n",
                       d.ewf->acquiry_software, d.ewf->md5, d.ewf->sha1);
  }
  out += fmt::format("Partitions ({}):\n", d.partition_scheme);
  for (const auto& p : d.partitions) {
    out += fmt::format("  [{}] start {} length {} sectors  {}  fs={}", p.partition.index,
                       p.partition.start_sector, p.partition.length_sectors,
                       p.partition.description, p.filesystem.type);
    if (p.filesystem.type == "ntfs")
      out += fmt::format(" cluster={} mft_offset={} serial={:016X} label={}",
                         p.filesystem.cluster_size.value_or(0),
                         p.filesystem.mft_offset.value_or(0),
                         p.filesystem.volume_serial.value_or(0),
                         p.filesystem.label.value_or(""));
    out += "\n";
    for (const auto& w : p.filesystem.warnings) out += fmt::format("      warning: {}\n", w);
  }
  return out;
}

}  // namespace shellcarve
