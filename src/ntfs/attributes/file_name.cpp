// file_name.cpp: $FILE_NAME content (see file_name.h).
#include "ntfs/attributes/file_name.h"

#include <fmt/format.h>

#include "common/utf16.h"
#include "ntfs/attributes/standard_information.h"

namespace shellcarve::ntfs {

Result<FileNameAttribute> parse_file_name(const ByteReader& content) {
  using L = FileNameLayout;
  FileNameAttribute fn;
  fn.image_offset = content.origin();
  SC_ASSIGN_OR_RETURN(const uint64_t parent, content.u64(L::kParent, "parent reference"));
  fn.parent = FileReference::from_raw(parent);
  SC_ASSIGN_OR_RETURN(fn.times, read_ntfs_times(content, L::kTimes));
  SC_ASSIGN_OR_RETURN(fn.allocated_size, content.u64(L::kAllocatedSize, "allocated size"));
  SC_ASSIGN_OR_RETURN(fn.real_size, content.u64(L::kRealSize, "real size"));
  SC_ASSIGN_OR_RETURN(fn.file_attributes, content.u32(L::kFlags, "file attributes"));
  SC_ASSIGN_OR_RETURN(const uint8_t name_length, content.u8(L::kNameLength, "name length"));
  SC_ASSIGN_OR_RETURN(const uint8_t name_space, content.u8(L::kNamespace, "name namespace"));
  if (name_space > 3)
    return fail(ErrorCode::kCorrupt,
                fmt::format("$FILE_NAME at offset {}: namespace {} is not 0..3",
                            content.origin(), name_space));
  fn.name_space = static_cast<FileNameNamespace>(name_space);
  SC_ASSIGN_OR_RETURN(const auto name, content.bytes(L::kName, size_t{name_length} * 2, "file name"));
  Utf16Conversion converted = utf16le_to_utf8(name);
  fn.name = std::move(converted.utf8);
  fn.name_lossless = converted.lossless;
  return fn;
}

}  // namespace shellcarve::ntfs
