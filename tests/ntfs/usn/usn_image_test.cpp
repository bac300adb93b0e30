// The journal of a real Windows 10 volume (msuhanov/ntfs-samples ntfs.tgz: a 64 GiB sparse
// disk, NTFS at sector 2048, $UsnJrnl = entry 42 with 188 V2 records) found through the
// MFT and walked through $J's runs; compared with the $J extracted by icat and with TSK's
// usnjls. And a journal-less volume made by mkntfs/ntfs-3g.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <sstream>

#include "common/byte_reader.h"
#include "common/filetime.h"
#include "image/image.h"
#include "ntfs/committed_images.h"
#include "ntfs/corpus_support.h"
#include "ntfs/mft_scan.h"
#include "ntfs/ntfs_volume.h"
#include "ntfs/usn/usn_journal.h"
#include "support/test_support.h"

namespace shellcarve::ntfs {
namespace {

constexpr uint64_t kVolumeOffset = 2048 * 512;

class UsnImage : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto raw = test::unpack_corpus_image("images/ntfs_samples/ntfs.tgz", "ntfs.raw");
    if (!raw) GTEST_SKIP() << "corpus image ntfs_samples/ntfs.tgz not present";
    raw_ = *raw;
    auto image = open_image(raw_.string());
    ASSERT_TRUE(image) << image.error().message;
    image_ = std::move(*image);
    auto volume = NtfsVolume::open(*image_, kVolumeOffset);
    ASSERT_TRUE(volume) << volume.error().message;
    volume_.emplace(std::move(*volume));
    auto catalog = scan_mft(*volume_);
    ASSERT_TRUE(catalog) << catalog.error().message;
    catalog_ = std::move(*catalog);
  }

  std::filesystem::path raw_;
  std::unique_ptr<Image> image_;
  std::optional<NtfsVolume> volume_;
  FileCatalog catalog_;
};

TEST_F(UsnImage, FindsTheJournalAndItsRecords) {
  auto journal = find_usn_journal(*volume_, catalog_);
  ASSERT_TRUE(journal) << journal.error().message;
  ASSERT_TRUE(journal->has_value());
  const UsnJournalStreams& j = **journal;
  EXPECT_EQ(j.mft_entry, 42u);
  EXPECT_EQ(j.j_stream.name, "$J");
  EXPECT_EQ(j.j_stream.size(), 20312u);
  EXPECT_TRUE(j.j_stream.sparse());
  ASSERT_TRUE(j.max_stream);
  EXPECT_EQ(j.max_stream->size(), 32u);

  std::vector<UsnRecord> records;
  auto stats = scan_usn_journal(*volume_, j.j_stream, [&](const UsnRecord& r) {
    records.push_back(r);
    return true;
  });
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->records, 188u);
  EXPECT_EQ(stats->records_v2, 188u);
  EXPECT_EQ(stats->zero_bytes, 200u);
  EXPECT_TRUE(stats->damage.empty());
  EXPECT_TRUE(stats->warnings.empty());
  ASSERT_EQ(records.size(), 188u);
  auto named = [&](const std::string& name) {
    return std::count_if(records.begin(), records.end(),
                         [&](const UsnRecord& r) { return r.name == name; });
  };
  EXPECT_GT(named("file_hidden.txt"), 0);
  EXPECT_GT(named("shadow_2.txt"), 0);
  EXPECT_GT(named("file_2_1.txt"), 0);

  // Provenance: each record's image offset holds its first bytes.
  for (const UsnRecord& r : records) {
    ASSERT_TRUE(r.image_offset);
    std::array<std::byte, 8> head{};
    ASSERT_TRUE(volume_->read_bytes(*r.image_offset, head));
    EXPECT_EQ(load_le(std::span(head).first(4)), r.record_length);
    EXPECT_EQ(load_le(std::span(head).subspan(4, 2)), r.major_version);
  }

  // The same records as the $J icat extracted (corpus usn/extracted_from_images).
  SC_REQUIRE_CORPUS(corpus);
  const auto extracted =
      testing::read_file_bytes(corpus / "usn" / "extracted_from_images" / "ntfs_samples_ntfs_UsnJrnl_J");
  std::vector<UsnRecord> from_file;
  scan_usn_bytes(extracted, 0, [&](const UsnRecord& r) {
    from_file.push_back(r);
    return true;
  });
  ASSERT_EQ(from_file.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(from_file[i].offset, records[i].offset);
    EXPECT_EQ(from_file[i].usn, records[i].usn);
    EXPECT_EQ(from_file[i].name, records[i].name);
    EXPECT_EQ(from_file[i].reason, records[i].reason);
    EXPECT_EQ(from_file[i].timestamp, records[i].timestamp);
  }
}

// A server's $J is mostly sparse (freed journal space at its start). The same runs behind
// a 32 GiB sparse run must give the same records, shifted, without reading the hole.
TEST_F(UsnImage, LeadingSparseRunIsNeverRead) {
  auto journal = find_usn_journal(*volume_, catalog_);
  ASSERT_TRUE(journal && journal->has_value());
  const Attribute& real = (*journal)->j_stream;
  const uint64_t hole_clusters = (32ull << 30) / volume_->cluster_size();
  const uint64_t hole = hole_clusters * volume_->cluster_size();
  Attribute shifted = real;
  shifted.runs.clear();
  shifted.runs.push_back({0, hole_clusters, std::nullopt});
  for (DataRun run : real.runs) {
    run.vcn += hole_clusters;
    shifted.runs.push_back(run);
  }
  shifted.data_size += hole;
  shifted.initialized_size += hole;
  shifted.allocated_size += hole;
  std::vector<uint64_t> offsets;
  const auto start = std::chrono::steady_clock::now();
  auto stats = scan_usn_journal(*volume_, shifted, [&](const UsnRecord& r) {
    offsets.push_back(r.offset);
    return true;
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->records, 188u);
  EXPECT_EQ(stats->sparse_bytes, hole);
  EXPECT_EQ(stats->zero_bytes, 200u) << "the hole is not scanned";
  ASSERT_EQ(offsets.size(), 188u);
  EXPECT_EQ(offsets.front(), hole);
  EXPECT_LT(seconds, 2.0) << "a 32 GiB hole must cost nothing";
}

// usnjls -m prints version|length|ref|parent|usn|unix time.nanoseconds|reason|source|
// security id|attributes|name per record. TSK 4.11 prints the nanoseconds without leading
// zeros (".90927000" for 0.090927 s), so ours are written the same way for the comparison.
TEST_F(UsnImage, AgreesWithUsnjls) {
  ASSERT_TRUE(test::have_tool("usnjls")) << "usnjls (sleuthkit) not installed";
  auto journal = find_usn_journal(*volume_, catalog_);
  ASSERT_TRUE(journal && journal->has_value());
  const auto tsk = test::run_command("usnjls -m -o 2048 " + test::shell_quote(raw_.string()) + " " +
                                     std::to_string((*journal)->mft_entry));
  ASSERT_EQ(tsk.status, 0) << tsk.err;
  std::vector<std::string> ours;
  auto stats = scan_usn_journal(*volume_, (*journal)->j_stream, [&](const UsnRecord& r) {
    ours.push_back(fmt::format(
        "{}.{}|{}|{}-{}|{}-{}|{}|{}.{}|{}|{}|{}|{}|{}", r.major_version, r.minor_version,
        r.record_length, r.file_reference.entry, r.file_reference.sequence,
        r.parent_reference.entry, r.parent_reference.sequence, r.usn,
        filetime_to_unix_seconds(r.timestamp), filetime_subsecond(r.timestamp) * 100, r.reason,
        r.source_info, r.security_id, r.file_attributes, r.name));
    return true;
  });
  ASSERT_TRUE(stats);
  std::vector<std::string> theirs;
  std::istringstream in(tsk.out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) theirs.push_back(line);
  ASSERT_EQ(theirs.size(), 188u);
  ASSERT_EQ(ours.size(), theirs.size());
  for (size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], theirs[i]) << "record " << i;
}

TEST(UsnNoJournal, VolumeWithoutJournalGivesNullopt) {
  const auto path = test::committed_image("ntfs-basic.raw");
  ASSERT_FALSE(path.empty());
  auto image = open_image(path.string());
  ASSERT_TRUE(image);
  auto volume = NtfsVolume::open(**image, 0);
  ASSERT_TRUE(volume) << volume.error().message;
  auto catalog = scan_mft(*volume);
  ASSERT_TRUE(catalog);
  auto journal = find_usn_journal(*volume, *catalog);
  ASSERT_TRUE(journal) << journal.error().message;
  EXPECT_FALSE(journal->has_value()) << "mkntfs/ntfs-3g volumes have no $UsnJrnl";
}

}  // namespace
}  // namespace shellcarve::ntfs
