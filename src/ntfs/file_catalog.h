// FileCatalog: a compact summary of every MFT record of a volume -- flags, sequence, the
// $STANDARD_INFORMATION, every $FILE_NAME and every stream's name and size -- built by one
// sequential pass over $MFT (mft_scan.h). It is what listings, paths and timelines are made
// from; content is read later, per file, through NtfsVolume::read_file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// A stream-bearing attribute of a file: $DATA (unnamed or an ADS), or an $INDEX_ROOT
// ($I30 for a directory; $O, $Q, $R... in $Extend files).
struct CatalogStream {
  AttributeType type = AttributeType::kData;
  uint16_t id = 0;
  std::string name;
  uint64_t size = 0;
  bool resident = true;
  uint16_t flags = 0;
  uint64_t image_offset = 0;  // of the attribute header
  uint64_t mft_entry = 0;     // record holding it (an extension record, maybe)
  bool moved = false;         // held by an extension record, merged in
};

struct CatalogEntry {
  bool present = false;      // a FILE/BAAD record was parsed here
  uint64_t entry = 0;
  uint16_t sequence = 0;
  uint16_t flags = 0;
  uint16_t link_count = 0;
  FileReference base_record;
  bool fixup_valid = true;
  bool baad = false;
  bool reparse_point = false;  // has a $REPARSE_POINT (junction, symlink ...): read it on demand
  std::optional<StandardInformation> standard_information;
  std::vector<FileNameAttribute> file_names;
  std::vector<CatalogStream> streams;
  std::vector<AttributeListEntry> attribute_list;  // base records with a resident list
  std::vector<uint16_t> attribute_ids;  // ids of every attribute of the file
  std::vector<std::string> damage;
  uint64_t image_offset = 0;

  bool in_use() const { return (flags & kMftFlagInUse) != 0; }
  bool is_directory() const { return (flags & kMftFlagDirectory) != 0; }
  bool is_base() const { return base_record.entry == 0; }
};

struct FileCatalog {
  std::vector<CatalogEntry> entries;  // indexed by MFT entry number
  std::vector<std::string> warnings;  // unreadable regions, limits hit ...
  uint64_t records_parsed = 0;
  uint64_t records_damaged = 0;

  const CatalogEntry* find(uint64_t entry) const {
    return entry < entries.size() && entries[entry].present ? &entries[entry] : nullptr;
  }
};

// Reduces a parsed record to its catalog summary (names and lists are moved out of it).
CatalogEntry summarize(MftEntry&& entry);

// Adds an extension record's names and streams to its base's summary (attributes spread
// over several extension records are joined: the size comes from the first piece).
void merge_into_base(CatalogEntry& base, const CatalogEntry& extension);
// After every extension is merged: renumbers moved streams whose id repeats another
// attribute's, as fls does, and marks pieces whose first part never arrived.
void finish_merge(CatalogEntry& entry);

}  // namespace shellcarve::ntfs
