#include "logs/volume_logs.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/text.h"
#include "logs/evtx/evtx_layout.h"
#include "ntfs/stream_reader.h"

namespace shellcarve::logs {
namespace {

const ntfs::Attribute* unnamed_data(const ntfs::MftEntry& file) {
  for (const ntfs::Attribute& a : file.attributes)
    if (a.type == ntfs::AttributeType::kData && a.name.empty() && a.lowest_vcn == 0) return &a;
  return nullptr;
}

bool under(std::string_view lower_path, std::string_view lower_folder) {
  return lower_path.size() > lower_folder.size() + 1 && lower_path.starts_with(lower_folder) &&
         lower_path[lower_folder.size()] == '/';
}

}  // namespace

std::optional<LogFamily> volume_log_family(std::string_view path, const std::vector<std::string>& iis_folders) {
  const std::string lower = ascii_lower(path);
  if (lower.ends_with(".evtx") && lower.find("/winevt/logs/") != std::string::npos) return LogFamily::kEvtx;
  if (!lower.ends_with(".log")) return std::nullopt;
  // Exchange 2013+: <install>\Logging\HttpProxy\<protocol>\*.log, \Logging\ECP\Server\,
  // \Logging\OABGeneratorLog\ (the folders Test-ProxyLogon.ps1 reads).
  if (lower.find("/logging/httpproxy/") != std::string::npos) return LogFamily::kHttpProxy;
  if (lower.find("/logging/ecp/server/") != std::string::npos) return LogFamily::kEcp;
  if (lower.find("/logging/oabgeneratorlog/") != std::string::npos) return LogFamily::kOabGenerator;
  // IIS: <logDirectory>\W3SVC<site id>\u_exYYMMDD.log (UTF-8) or exYYMMDD.log.
  const size_t w3svc = lower.find("/w3svc");
  if (w3svc != std::string::npos && lower.find("/logfiles/") != std::string::npos) return LogFamily::kIis;
  for (const std::string& folder : iis_folders)
    if (under(lower, folder)) return LogFamily::kIis;
  return std::nullopt;
}

std::string deleted_content_state(const ntfs::NtfsVolume& volume, const ntfs::ClusterBitmap* bitmap,
                                  const ntfs::MftEntry& file) {
  const ntfs::Attribute* data = unnamed_data(file);
  if (data == nullptr) return "no content";
  if (data->resident) return "resident";
  if ((file.flags & ntfs::kMftFlagInUse) != 0) return "allocated";
  if (bitmap == nullptr) return "unknown";
  for (const auto& range : ntfs::describe_clusters(volume, *bitmap, data->runs, file.entry_number))
    if (range.allocated) return "overwritten";
  return "recoverable";
}

VolumeLogs find_volume_logs(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                            const ntfs::DirectoryTree& tree, const ntfs::ClusterBitmap* bitmap,
                            const std::vector<std::string>& iis_folders) {
  VolumeLogs logs;
  std::set<uint64_t> seen;  // one name per file (a DOS 8.3 name is the same file)
  std::vector<const ntfs::PlacedName*> names;
  for (const ntfs::PlacedName& name : tree.names) {
    const ntfs::CatalogEntry* entry = catalog.find(name.entry);
    if (entry == nullptr || entry->is_directory() || !volume_log_family(name.path, iis_folders)) continue;
    if (!seen.insert(name.entry).second) continue;
    names.push_back(&name);
  }
  std::sort(names.begin(), names.end(), [](const auto* a, const auto* b) { return a->path < b->path; });
  if (bitmap == nullptr)
    logs.warnings.push_back("$Bitmap unreadable: deleted logs read without checking that their clusters are free");
  for (const ntfs::PlacedName* name : names) {
    const ntfs::CatalogEntry& entry = *catalog.find(name->entry);
    LogFileInput input;
    input.family = *volume_log_family(name->path, iis_folders);
    input.file.path = std::string(name->path);
    input.file.mft_entry = name->entry;
    input.file.mft_sequence = entry.sequence;
    input.file.deleted = name->deleted;
    if (name->deleted && bitmap != nullptr) {
      auto file = volume.read_file(name->entry);
      const std::string state = file ? deleted_content_state(volume, bitmap, *file) : "unreadable";
      if (state == "overwritten" || state == "unreadable" || state == "no content") {
        LogFileSummary summary;
        summary.family = input.family;
        summary.file = input.file;
        summary.error = state == "overwritten" ? "deleted; its clusters now belong to another file (not read)"
                                               : "deleted; its record gives no content (" + state + ")";
        logs.unreadable.push_back(std::move(summary));
        continue;
      }
    }
    input.feed = volume_file_feeder(volume, name->entry);
    logs.inputs.push_back(std::move(input));
  }
  return logs;
}

std::vector<LogFileInput> carved_evtx_inputs(const ntfs::NtfsVolume& volume, const std::vector<uint64_t>& chunk_offsets) {
  constexpr uint64_t kChunk = evtx::kChunkSize;
  std::vector<LogFileInput> inputs;
  for (size_t begin = 0; begin < chunk_offsets.size();) {
    size_t end = begin + 1;
    while (end < chunk_offsets.size() && chunk_offsets[end] == chunk_offsets[end - 1] + kChunk) ++end;
    LogFileInput input;
    input.family = LogFamily::kEvtx;
    input.carved = true;
    input.file.deleted = true;
    input.file.path = fmt::format("$Unallocated/EVTX chunks at image offset {} ({} chunk(s))", chunk_offsets[begin],
                                  end - begin);
    std::vector<uint64_t> run(chunk_offsets.begin() + static_cast<ptrdiff_t>(begin),
                              chunk_offsets.begin() + static_cast<ptrdiff_t>(end));
    input.feed = [&volume, run = std::move(run)](ContentSink& sink) -> Status {
      sink.feed_zeros(evtx::kFileHeaderBlockSize);
      std::vector<std::byte> chunk(kChunk);
      for (const uint64_t offset : run) {
        SC_RETURN_IF_ERROR(volume.read_bytes(offset, chunk));
        sink.feed(chunk, offset);
      }
      return Status{};
    };
    inputs.push_back(std::move(input));
    begin = end;
  }
  return inputs;
}

ContentFeeder volume_file_feeder(const ntfs::NtfsVolume& volume, uint64_t entry) {
  return [&volume, entry](ContentSink& reader) -> Status {
    SC_ASSIGN_OR_RETURN(const ntfs::MftEntry file, volume.read_file(entry));
    const ntfs::Attribute* data = unnamed_data(file);
    if (data == nullptr) return fail(ErrorCode::kNotFound, fmt::format("MFT entry {} has no unnamed $DATA stream", entry));
    return ntfs::read_stream(volume, *data, [&](const ntfs::StreamPiece& piece) {
      if (piece.zeros) reader.feed_zeros(piece.bytes.size());
      else reader.feed(piece.bytes, piece.image_offset);
      return true;
    });
  };
}

}  // namespace shellcarve::logs
