// UsnPathReplay: the path a $UsnJrnl record's file had when the record was written. The
// journal is replayed in order; each record's (file reference -> parent reference, name)
// is learnt, and a path is built by following parent references through what the journal
// has said so far, then through the current directory tree. Journal contents are
// untrusted: parent references may form a loop or a very long chain, so the walk stops at
// the first reference it has already visited ("/$Loop(entry-seq)/...") or after
// kMaxDepth steps, and builds the path once at the end (no repeated prepending).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/mft_entry.h"

namespace shellcarve {

class UsnPathReplay {
 public:
  static constexpr int kMaxDepth = 256;

  UsnPathReplay(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree)
      : catalog_(catalog), tree_(tree) {}

  // Records what a journal record says: `file` was named `name` in directory `parent`.
  void learn(ntfs::FileReference file, ntfs::FileReference parent, const std::string& name);

  // The path of `name` in directory `parent`, from what the journal has said so far, then
  // from the current directory tree; "/$Unknown(entry-seq)/name" when neither knows,
  // "/$Loop(entry-seq)/..." when the references lead back to `entry-seq`, "/$Deep/..."
  // when the chain is longer than kMaxDepth.
  std::string path_of(ntfs::FileReference parent, const std::string& name) const;

 private:
  struct Key {
    uint64_t entry;
    uint16_t sequence;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<uint64_t>()(k.entry * 65537 + k.sequence); }
  };
  struct KnownName {
    ntfs::FileReference parent;
    std::string name;
  };

  const ntfs::FileCatalog& catalog_;
  const ntfs::DirectoryTree& tree_;
  std::unordered_map<Key, KnownName, KeyHash> known_;
};

}  // namespace shellcarve
