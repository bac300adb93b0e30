// Fuzz target: path resolution over a tiny synthetic MFT. The input is a recipe for up to
// 40 records -- flags, sequence, base reference, and $FILE_NAMEs whose parent references,
// namespaces and names (arbitrary bytes read as UTF-16) it chooses -- reduced to a
// FileCatalog as the MFT scan does (summarize), then placed by build_directory_tree and
// replayed through the $UsnJrnl path replay. Parent references are drawn from the entries
// that exist, so loops, self-parents, deleted and reused directories are common.
//
// Checked, aborting on violation: every path is absolute; every live base record with a
// listed name is placed somewhere (a loop must not hide a file); placed entries and name
// indexes are valid; path length stays under the limit the input chose.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "fuzz_input.h"
#include "fuzz_target.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "timeline/usn_path_replay.h"

SHELLCARVE_FUZZ_TARGET(path_resolution) {
  using namespace shellcarve;
  using namespace shellcarve::ntfs;
  fuzz::FuzzInput in(data, size);
  const size_t count = 6 + in.u8() % 35;
  Limits limits;
  limits.max_path_depth = 1 + in.u8() % 64;
  limits.max_path_bytes = 16 + in.u8() * 4;

  FileCatalog catalog;
  catalog.entries.resize(count);
  for (size_t i = 0; i < count && !in.empty(); ++i) {
    const uint8_t shape = in.u8();
    if ((shape & 0x80) == 0 && i != kRootEntry) continue;  // no record here
    MftEntry entry;
    entry.entry_number = i;
    entry.flags = shape & 0x03;  // in use, directory
    entry.sequence = in.u8() % 4;
    if (shape & 0x40) entry.base_record = FileReference{in.u8() % count, static_cast<uint16_t>(in.u8() % 4)};
    if (shape & 0x20) entry.standard_information = StandardInformation{};
    const int names = (shape >> 2) & 0x03;
    for (int n = 0; n < names; ++n) {
      FileNameAttribute name;
      name.parent = FileReference{in.u8() % (count + 2), static_cast<uint16_t>(in.u8() % 4)};
      name.name_space = static_cast<FileNameNamespace>(in.u8() % 4);
      name.name = in.name(24);
      entry.file_names.push_back(std::move(name));
    }
    catalog.entries[i] = summarize(std::move(entry));
  }

  const DirectoryTree tree = build_directory_tree(catalog, limits);
  std::vector<bool> placed(count, false);
  for (const PlacedName& name : tree.names) {
    if (name.entry >= count || !catalog.entries[name.entry].present) std::abort();
    if (name.name_index != PlacedName::kNoName &&
        name.name_index >= catalog.entries[name.entry].file_names.size())
      std::abort();
    if (name.path.empty() || name.path[0] != '/') std::abort();
    // A directory is entered only while its path is within the limit; its children add
    // "/" and a name of at most 36 bytes (12 UTF-16 units); orphans start afresh.
    if (name.path.size() > limits.max_path_bytes + 64 + 37) std::abort();
    placed[name.entry] = true;
  }
  for (const CatalogEntry& entry : catalog.entries) {
    if (!entry.present || !entry.in_use() || !entry.is_base() || entry.entry == kRootEntry) continue;
    const bool listed_name = std::any_of(entry.file_names.begin(), entry.file_names.end(), [](const auto& n) {
      return n.name_space != FileNameNamespace::kDos;
    });
    if (listed_name && !placed[entry.entry]) std::abort();
  }
  for (uint64_t e = 0; e < count; ++e) {
    const PlacedName* primary = tree.primary_name(e);
    if (primary && primary->entry != e) std::abort();
  }

  // The journal's view: every name is learnt as a record would teach it, then resolved.
  UsnPathReplay replay(catalog, tree);
  for (const CatalogEntry& entry : catalog.entries)
    for (const FileNameAttribute& name : entry.file_names) {
      const std::string path = replay.path_of(name.parent, name.name);
      if (path.empty() || path[0] != '/') std::abort();
      replay.learn({entry.entry, entry.sequence}, name.parent, name.name);
    }
  return 0;
}
