// Crafted directory structures that used to cost time or memory out of proportion to the
// image: a chain of directories with 255-character names (whose full paths grow with the
// square of the depth), and $UsnJrnl parent references that lead back to themselves.
#include <gtest/gtest.h>

#include <string>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "timeline/usn_path_replay.h"

namespace shellcarve {
namespace {
using namespace ntfs;

CatalogEntry directory(uint64_t entry, uint64_t parent, const std::string& name) {
  CatalogEntry e;
  e.present = true;
  e.entry = entry;
  e.sequence = 1;
  e.flags = kMftFlagInUse | kMftFlagDirectory;
  FileNameAttribute fn;
  fn.parent = {parent, 1};
  fn.name = name;
  fn.name_space = FileNameNamespace::kWin32;
  e.file_names.push_back(fn);
  return e;
}

// 2,000 nested directories named with 255 'a's: 500 MB of paths uncapped. With the cap a
// directory deeper than max_path_bytes is not descended; what lies below is placed under
// /$OrphanFiles, so every directory is still listed and no path exceeds the cap by more
// than one name.
TEST(PathLimits, LongNameChainIsCappedAndComplete) {
  const size_t depth = 2000;
  const std::string name(255, 'a');
  FileCatalog catalog;
  catalog.entries.resize(16 + depth);
  catalog.entries[kRootEntry] = directory(kRootEntry, kRootEntry, ".");
  for (size_t i = 0; i < depth; ++i)
    catalog.entries[16 + i] = directory(16 + i, i == 0 ? kRootEntry : 16 + i - 1, name);
  const Limits limits;
  const DirectoryTree tree = build_directory_tree(catalog, limits);
  std::vector<bool> placed(catalog.entries.size(), false);
  size_t longest = 0;
  for (const PlacedName& p : tree.names) {
    placed[p.entry] = true;
    longest = std::max(longest, p.path.size());
  }
  for (size_t i = 0; i < depth; ++i) EXPECT_TRUE(placed[16 + i]) << i;
  EXPECT_LE(longest, limits.max_path_bytes + 1 + name.size());
  ASSERT_FALSE(tree.warnings.empty());
  EXPECT_NE(tree.warnings[0].find("limit max_path_bytes"), std::string::npos) << tree.warnings[0];
}

// Journal records saying a is in b and b is in a: the path ends at the first repeat and
// says so, instead of walking 256 steps with a copy of the path at each.
TEST(PathLimits, UsnParentLoopIsNamed) {
  FileCatalog catalog;
  catalog.entries.resize(8);
  DirectoryTree tree;
  UsnPathReplay replay(catalog, tree);
  replay.learn({100, 1}, {101, 1}, "a");
  replay.learn({101, 1}, {100, 1}, "b");
  EXPECT_EQ(replay.path_of({100, 1}, "x.aspx"), "/$Loop(100-1)/b/a/x.aspx");
  replay.learn({102, 1}, {kRootEntry, 5}, "web");
  EXPECT_EQ(replay.path_of({102, 1}, "x.aspx"), "/web/x.aspx");
  EXPECT_EQ(replay.path_of({103, 1}, "x.aspx"), "/$Unknown(103-1)/x.aspx");
}

// A chain longer than the replay's depth limit, without a loop.
TEST(PathLimits, UsnLongChainStops) {
  FileCatalog catalog;
  DirectoryTree tree;
  UsnPathReplay replay(catalog, tree);
  for (uint64_t i = 0; i < 1000; ++i) replay.learn({1000 + i, 1}, {1000 + i + 1, 1}, std::string(255, 'd'));
  const std::string path = replay.path_of({1000, 1}, "x");
  EXPECT_EQ(path.rfind("/$Deep/", 0), 0u) << path.substr(0, 40);
  EXPECT_EQ(path.size(), 7 + UsnPathReplay::kMaxDepth * 256 + 1);
}

}  // namespace
}  // namespace shellcarve
