#include "detect/volume_file_reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "ntfs/stream_reader.h"

namespace shellcarve::detect {

ReadFile volume_file_reader(const ntfs::NtfsVolume& volume) {
  return [&volume](uint64_t mft_entry, uint64_t max_bytes) -> Result<FileContent> {
    SC_ASSIGN_OR_RETURN(const ntfs::MftEntry entry, volume.read_file(mft_entry));
    const auto data = std::find_if(entry.attributes.begin(), entry.attributes.end(), [](const ntfs::Attribute& a) {
      return a.type == ntfs::AttributeType::kData && a.name.empty() && a.lowest_vcn == 0;
    });
    if (data == entry.attributes.end())
      return fail(ErrorCode::kNotFound, fmt::format("MFT entry {} has no unnamed $DATA stream", mft_entry));
    FileContent content;
    content.truncated = data->size() > max_bytes;
    SC_RETURN_IF_ERROR(ntfs::read_stream(volume, *data, [&](const ntfs::StreamPiece& piece) {
      const uint64_t room = max_bytes - content.bytes.size();
      const size_t take = static_cast<size_t>(std::min<uint64_t>(room, piece.bytes.size()));
      content.bytes.insert(content.bytes.end(), piece.bytes.begin(), piece.bytes.begin() + static_cast<ptrdiff_t>(take));
      return content.bytes.size() < max_bytes;
    }));
    return content;
  };
}

}  // namespace shellcarve::detect
