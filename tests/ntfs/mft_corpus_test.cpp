// Real $MFT files from the shared corpus: every record of each file in mft/MFT_STATS.tsv is
// parsed and the FILE/BAAD/in-use/directory counts compared with the table; a few known
// records are checked field by field.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "ntfs/corpus_support.h"
#include "ntfs/mft_record_parser.h"

namespace shellcarve::ntfs {
namespace {

using testing::read_file_bytes;

struct Counts {
  size_t file = 0, baad = 0, in_use = 0, not_in_use = 0, dir = 0, errors = 0;
};

Counts count_records(const std::vector<std::byte>& mft, size_t record_size) {
  Counts c;
  for (size_t i = 0; i + record_size <= mft.size(); i += record_size) {
    auto e = parse_mft_record(std::span(mft).subspan(i, record_size), i, i / record_size);
    if (!e) {
      if (e.error().code != ErrorCode::kFormat) ++c.errors;
      continue;
    }
    if (e->baad) {
      ++c.baad;
      continue;
    }
    ++c.file;
    (e->in_use() ? c.in_use : c.not_in_use)++;
    if (e->is_directory()) ++c.dir;
  }
  return c;
}

size_t field(const std::string& line, const std::string& key) {
  const auto at = line.find("\t" + key + "=");
  if (at == std::string::npos) return 0;
  return std::stoul(line.substr(at + key.size() + 2));
}

TEST(MftCorpus, CountsMatchMftStats) {
  SC_REQUIRE_CORPUS(corpus);
  std::ifstream stats(corpus / "mft/MFT_STATS.tsv");
  std::string line;
  size_t checked = 0;
  while (std::getline(stats, line)) {
    const std::string path = line.substr(0, line.find('\t'));
    const size_t file = field(line, "FILE"), baad = field(line, "BAAD");
    if (file == 0 && baad == 0) continue;
    SCOPED_TRACE(path);
    const auto bytes = read_file_bytes(corpus / "mft" / path);
    const Counts c = count_records(bytes, field(line, "recsize"));
    EXPECT_EQ(c.file, file);
    EXPECT_EQ(c.baad, baad);
    EXPECT_EQ(c.in_use, field(line, "in_use"));
    EXPECT_EQ(c.not_in_use, field(line, "not_in_use(deleted/free-with-sig)"));
    EXPECT_EQ(c.dir, field(line, "dir_flag"));
    EXPECT_EQ(c.errors, 0u);
    ++checked;
  }
  EXPECT_GE(checked, 30u);
}

TEST(MftCorpus, XwMftSystemRecords) {
  SC_REQUIRE_CORPUS(corpus);
  const auto mft = read_file_bytes(corpus / "mft/ericzimmerman_mft/xw_MFT");
  ASSERT_GE(mft.size(), 6 * 1024u);
  auto mft0 = parse_mft_record(std::span(mft).first(1024), 0, 0);
  ASSERT_TRUE(mft0) << mft0.error().message;
  EXPECT_TRUE(mft0->fixup_valid);
  EXPECT_TRUE(mft0->damage.empty()) << mft0->damage.front();
  ASSERT_FALSE(mft0->file_names.empty());
  EXPECT_EQ(mft0->file_names[0].name, "$MFT");
  EXPECT_EQ(mft0->file_names[0].parent.entry, 5u);
  EXPECT_EQ(mft0->header_entry_number, 0u);
  bool has_data = false;
  for (const auto& a : mft0->attributes)
    if (a.type == AttributeType::kData && a.name.empty() && !a.resident && !a.runs.empty())
      has_data = true;
  EXPECT_TRUE(has_data);
  auto root = parse_mft_record(std::span(mft).subspan(5 * 1024, 1024), 5 * 1024, 5);
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->is_directory());
  ASSERT_FALSE(root->file_names.empty());
  EXPECT_EQ(root->file_names[0].name, ".");
  EXPECT_EQ(root->file_names[0].parent, (FileReference{5, 5}));
  auto volume = parse_mft_record(std::span(mft).subspan(3 * 1024, 1024), 3 * 1024, 3);
  ASSERT_TRUE(volume);
  EXPECT_TRUE(volume->volume_name.has_value());
}

TEST(MftCorpus, FixupIssueSampleIsFlagged) {
  SC_REQUIRE_CORPUS(corpus);
  const auto r = read_file_bytes(corpus / "mft/omerbenamram_mft/entry_102130_fixup_issue");
  auto e = parse_mft_record(r, 0, 102130);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_FALSE(e->fixup_valid);
  EXPECT_FALSE(e->damage.empty());
  EXPECT_TRUE(e->is_directory());
}

}  // namespace
}  // namespace shellcarve::ntfs
