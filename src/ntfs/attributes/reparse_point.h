// reparse_point.h: $REPARSE_POINT (0xC0), resident: a REPARSE_DATA_BUFFER ([MS-FSCC]
// 2.1.2.1) -- a reparse tag, the length of the data, then the tag's own data. Two tags make
// a folder stand for another path, which IIS follows like any folder: a junction
// (IO_REPARSE_TAG_MOUNT_POINT, [MS-FSCC] 2.1.2.5) and a symbolic link
// (IO_REPARSE_TAG_SYMLINK, 2.1.2.4, with a flags word: 1 = the path is relative to the
// link's folder). Both carry two UTF-16LE names in one path buffer: the substitute name the
// I/O manager follows ("\??\C:\target", "\??\UNC\server\share") and a print name for users.
// Other tags (deduplication, OneDrive, WSL ...) are kept as their tag alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/byte_reader.h"
#include "common/result.h"

namespace shellcarve::ntfs {

inline constexpr uint32_t kReparseTagMountPoint = 0xA0000003;
inline constexpr uint32_t kReparseTagSymlink = 0xA000000C;
inline constexpr uint32_t kSymlinkFlagRelative = 0x00000001;

struct ReparsePointLayout {
  static constexpr size_t kTag = 0x00;         // u32 reparse tag
  static constexpr size_t kDataLength = 0x04;  // u16 bytes after the 8-byte header
  static constexpr size_t kData = 0x08;
  // In the data of a mount point or a symbolic link: offsets and lengths in bytes, relative
  // to the path buffer.
  static constexpr size_t kSubstituteNameOffset = 0x00;  // u16
  static constexpr size_t kSubstituteNameLength = 0x02;  // u16
  static constexpr size_t kPrintNameOffset = 0x04;       // u16
  static constexpr size_t kPrintNameLength = 0x06;       // u16
  static constexpr size_t kMountPointPathBuffer = 0x08;
  static constexpr size_t kSymlinkFlags = 0x08;          // u32
  static constexpr size_t kSymlinkPathBuffer = 0x0C;
};

struct ReparsePoint {
  uint32_t tag = 0;
  std::string substitute_name;  // UTF-8; "" for other tags
  std::string print_name;
  bool relative = false;        // symbolic link with SYMLINK_FLAG_RELATIVE

  bool is_mount_point() const { return tag == kReparseTagMountPoint; }
  bool is_symlink() const { return tag == kReparseTagSymlink; }
};

// "junction", "symbolic link" or "reparse tag 0x...".
std::string reparse_tag_name(uint32_t tag);

// kTruncated when the header, the name fields or a name lie outside `content` (the message
// names which, with its offset); a trailing NUL in a name is dropped.
Result<ReparsePoint> parse_reparse_point(const ByteReader& content);

// Resolves the `substitute_name` of a reparse point at volume path `link_path` to a volume
// path ("/outside/jtarget"); `note` says how (relative to the link's folder; a drive letter
// taken as this volume, since offline the letter of a volume is unknown). Empty, with `note`
// saying why, when the target cannot be on this volume (UNC, \??\Volume{GUID}, other forms).
std::string resolve_reparse_target(const std::string& link_path, const std::string& substitute_name,
                                   bool relative, std::string& note);

}  // namespace shellcarve::ntfs
