// index_entry.h: the entries of an NTFS index node ($I30 directory indexes and others).
// An index node (in $INDEX_ROOT or in an INDX record of $INDEX_ALLOCATION) starts with a
// node header giving where its entries start, how many bytes are in use and how many are
// allocated; entries follow one another until one flagged "last". Bytes between the used
// and the allocated size are slack and often still hold entries of deleted or moved files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_reader.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// Index node header, relative to its own start (libfsntfs fsntfs_index_node_header.h;
// Russon, "Index Header").
struct IndexNodeHeaderLayout {
  static constexpr size_t kEntriesOffset = 0x00;  // u32, from the node header start
  static constexpr size_t kUsedSize = 0x04;       // u32, from the node header start
  static constexpr size_t kAllocatedSize = 0x08;  // u32, from the node header start
  static constexpr size_t kFlags = 0x0C;          // u8, 1 = has child nodes
  static constexpr size_t kSize = 0x10;
};

// Index entry (libfsntfs fsntfs_index_value.h; Russon, "Index Entry").
struct IndexEntryLayout {
  static constexpr size_t kFileReference = 0x00;  // u64 ($I30: the indexed file)
  static constexpr size_t kLength = 0x08;         // u16, whole entry
  static constexpr size_t kKeyLength = 0x0A;      // u16
  static constexpr size_t kFlags = 0x0C;          // u32
  static constexpr size_t kKey = 0x10;            // key ($I30: a $FILE_NAME)
  static constexpr size_t kHeaderSize = 0x10;
  // The child node's VCN is the entry's last 8 bytes when kIndexEntryHasSubnode is set.
};

inline constexpr uint32_t kIndexEntryHasSubnode = 0x01;
inline constexpr uint32_t kIndexEntryLast = 0x02;
inline constexpr uint8_t kIndexNodeHasChildren = 0x01;

struct IndexEntry {
  FileReference file_reference;
  uint16_t entry_length = 0;
  uint16_t key_length = 0;
  uint32_t flags = 0;
  std::optional<FileNameAttribute> file_name;  // the $I30 key
  std::optional<uint64_t> subnode_vcn;
  uint64_t image_offset = 0;  // of the entry (slack: of its presumed start, key - 16)
  bool from_slack = false;

  bool last() const { return (flags & kIndexEntryLast) != 0; }
};

struct IndexNode {
  uint32_t entries_offset = 0;
  uint32_t used_size = 0;
  uint32_t allocated_size = 0;
  uint8_t flags = 0;
  std::vector<IndexEntry> entries;        // live entries, the "last" entry included
  std::vector<IndexEntry> slack_entries;  // plausible $FILE_NAME keys found in the slack
  std::vector<std::string> damage;
};

// Parses the node whose header lies at `header_offset` in `block` (an $INDEX_ROOT value or
// a fixed-up INDX record). `file_name_keys`: keys are $FILE_NAMEs ($I30), decode them and
// scan the slack for more. Never fails: impossible offsets or entries stop the walk with
// damage, keeping what was read.
IndexNode parse_index_node(const ByteReader& block, size_t header_offset, bool file_name_keys);

// Scans block[begin, end) at 8-byte alignment for plausible $FILE_NAME keys (parent at
// least entry 5, the four times within 1990..2100, namespace 0..3, a name of 1..255 code
// units without controls, '/' or NUL that fits) and returns each as a slack IndexEntry.
std::vector<IndexEntry> scan_index_slack(const ByteReader& block, size_t begin, size_t end);

}  // namespace shellcarve::ntfs
