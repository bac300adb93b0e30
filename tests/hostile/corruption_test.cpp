// The corruption suite: `shellcarve scan` on damaged and crafted variants of the committed
// images, generated at test time into a temporary directory (the committed files are
// never written). Every variant must end with exit status 0, 1 or 2 (never a signal)
// within a generous bound (a `timeout` wrapper kills it after 60 s: a hang fails the
// test, no wall time is asserted), name the damage in its stderr or manifest warnings
// (entry number or offset), and still report what is undamaged: on iis-config.raw the
// webshell ProgramData/Sync/web/health.aspx (MFT entry 76, test-images/README.md section
// 6) is still found while other records are broken.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "hostile/image_patcher.h"
#include "support/test_support.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;

constexpr const char* kWebshell = "/ProgramData/Sync/web/health.aspx";
// iis-config.raw entries (README section 6): the webshell, its directories, and the
// applicationHost.config (and its directories) that puts its folder in scope.
const std::set<uint64_t> kNeededForTheWebshell{0, 5, 64, 65, 66, 67, 70, 73, 74, 75, 76};

struct ScanOutcome {
  int status = -1;
  std::string err;
  std::string manifest;
  std::string findings;
  std::string timeline;
  // stderr and manifest together: where damage must be named.
  std::string said() const { return err + manifest; }
  bool found_webshell() const {
    const auto paths = test::json_values(findings, "path");
    return std::find(paths.begin(), paths.end(), kWebshell) != paths.end();
  }
};

ScanOutcome scan(const fs::path& image, const test::TempDir& dir) {
  const fs::path out = dir / "case";
  // In the sanitizer build an AddressSanitizer report would exit 1 -- a valid status for
  // scan -- so its exit code is made distinct, and every report is looked for in stderr.
  const auto run = test::run_command("ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86\" "
                                     "timeout -s KILL 60 " + test::shell_quote(SHELLCARVE_BINARY) +
                                     " scan " + test::shell_quote(image.string()) + " --out " +
                                     test::shell_quote(out.string()) + " --no-hash");
  ScanOutcome outcome{run.status, run.err, test::read_text(out / "manifest.json"),
                      test::read_text(out / "findings.json"), test::read_text(out / "timeline.csv")};
  // 0 nothing found, 1 findings, 2 error; 137 = killed by the timeout, -1/128+n = signal.
  EXPECT_TRUE(run.status == 0 || run.status == 1 || run.status == 2)
      << "exit status " << run.status << " for " << image << "\n" << run.err.substr(0, 4000);
  EXPECT_EQ(run.err.find("Sanitizer"), std::string::npos) << run.err.substr(0, 4000);
  EXPECT_EQ(run.err.find("runtime error:"), std::string::npos) << run.err.substr(0, 4000);
  return outcome;
}

// An input that is no volume we can read: exit 2 and one error line saying so.
void expect_refused(const ScanOutcome& outcome, const std::string& message) {
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.err.find(message), std::string::npos) << outcome.err;
}

std::optional<test::ImagePatcher> iis_config() {
  const auto image = test::test_image("iis-config.raw.gz");
  if (!image) return std::nullopt;
  test::ImagePatcher patcher(*image);
  EXPECT_TRUE(patcher.ok());
  EXPECT_TRUE(patcher.is_file_record(76));
  return patcher;
}

TEST(Corruption, IntactImageFindsTheWebshell) {
  auto patcher = iis_config();
  ASSERT_TRUE(patcher) << "test-images absent";
  test::TempDir dir;
  patcher->save(dir / "iis.raw");
  const auto outcome = scan(dir / "iis.raw", dir);
  EXPECT_EQ(outcome.status, 1) << outcome.err;
  EXPECT_TRUE(outcome.found_webshell()) << outcome.findings;
}

// Bytes flipped in the records nothing depends on for the webshell (system files the scan
// does not need, the benign pages): per seed, three records get a byte flipped at a sector
// end (their update sequence check must fail and be named) and 45 more bytes are flipped
// anywhere in those records (slack, header, attributes).
TEST(Corruption, FlippedBytesInOtherRecordsKeepTheWebshell) {
  auto original = iis_config();
  ASSERT_TRUE(original) << "test-images absent";
  std::vector<uint64_t> targets;
  for (uint64_t entry = 1; entry < 80; ++entry)
    if (!kNeededForTheWebshell.contains(entry) && original->is_file_record(entry)) targets.push_back(entry);
  ASSERT_GT(targets.size(), 10u);
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    test::ImagePatcher patcher = *original;
    const auto noise = test::pseudo_random_bytes(48 * 4, seed);
    const auto r = [&](size_t i, size_t k) { return std::to_integer<uint32_t>(noise[i * 4 + k]); };
    std::set<uint64_t> fixup_broken;
    for (size_t i = 0; i < 48; ++i) {
      const uint64_t entry = targets[r(i, 0) % targets.size()];
      const size_t offset = i < 3 ? 510 : (r(i, 1) | r(i, 2) << 8) % patcher.record_size();
      patcher.raw_record(entry)[offset] ^= std::byte(static_cast<uint8_t>(r(i, 3) | 1));
      if (i < 3) fixup_broken.insert(entry);
    }
    test::TempDir dir;
    patcher.save(dir / "flipped.raw");
    const auto outcome = scan(dir / "flipped.raw", dir);
    EXPECT_TRUE(outcome.found_webshell()) << outcome.err;
    for (const uint64_t entry : fixup_broken)
      EXPECT_NE(outcome.said().find("MFT entry " + std::to_string(entry) + " at byte"), std::string::npos)
          << entry << "\n" << outcome.err;
  }
}

// Bytes flipped anywhere in the first 96 records, the system files and the webshell's own
// records included: nothing is promised but a clean end.
TEST(Corruption, FlippedBytesAnywhereInTheMftEndCleanly) {
  auto original = iis_config();
  ASSERT_TRUE(original) << "test-images absent";
  for (uint64_t seed = 11; seed <= 14; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    test::ImagePatcher patcher = *original;
    const auto noise = test::pseudo_random_bytes(256 * 3, seed);
    for (size_t i = 0; i < 256; ++i) {
      const auto r = [&](size_t k) { return std::to_integer<uint32_t>(noise[i * 3 + k]); };
      const uint64_t offset = patcher.record_offset(0) + ((r(0) | r(1) << 8 | r(2) << 16) % (96 * 1024));
      patcher.bytes()[offset] ^= std::byte{0xFF};
    }
    test::TempDir dir;
    patcher.save(dir / "flipped.raw");
    scan(dir / "flipped.raw", dir);
  }
}

TEST(Corruption, TruncatedImagesNameTheShortfall) {
  auto patcher = iis_config();
  ASSERT_TRUE(patcher) << "test-images absent";
  for (const size_t keep : {size_t{6} << 20, size_t{9} << 20, size_t{100000}}) {
    SCOPED_TRACE("kept " + std::to_string(keep));
    test::TempDir dir;
    test::ImagePatcher cut = *patcher;
    cut.bytes().resize(keep);
    cut.save(dir / "cut.raw");
    const auto outcome = scan(dir / "cut.raw", dir);
    EXPECT_NE(outcome.said().find(std::to_string(keep)), std::string::npos) << outcome.said();
  }
}

TEST(Corruption, ZeroLengthFile) {
  test::TempDir dir;
  test::write_bytes(dir / "empty.raw", {});
  const auto outcome = scan(dir / "empty.raw", dir);
  expect_refused(outcome, "is empty (0 bytes)");
}

TEST(Corruption, RandomData) {
  test::TempDir dir;
  test::write_bytes(dir / "random.raw", test::pseudo_random_bytes(1 << 20, 7));
  const auto outcome = scan(dir / "random.raw", dir);
  expect_refused(outcome, "random.raw' holds no NTFS volume");
}

TEST(Corruption, E01WithASegmentMissing) {
  const auto first = test::test_image("ntfs-basic.E01");
  const auto last = test::test_image("ntfs-basic.E03");
  ASSERT_TRUE((first && last)) << "test-images absent";
  test::TempDir dir;
  fs::copy_file(*first, dir / "set.E01");
  fs::copy_file(*last, dir / "set.E03");
  const auto outcome = scan(dir / "set.E01", dir);
  expect_refused(outcome, "set.E02' is missing");
}

// A stored chunk of gpt-ntfs.E01 holding $MFT records corrupted: its checksum fails, it
// reads as zeros, and that is said with its media offset even without --hash. The chunk
// is found by looking for MFT record 20 of the raw image in the E01 file (this set stores
// chunks that are not a single repeated byte uncompressed).
TEST(Corruption, E01WithACorruptedChunk) {
  const auto e01 = test::test_image("gpt-ntfs.E01");
  const auto raw = test::test_image("gpt-ntfs.raw.gz");
  ASSERT_TRUE((e01 && raw)) << "test-images absent";
  test::ImagePatcher set(*e01), disk(*raw);
  const size_t partition = 2048 * 512;
  ntfs::BootSector boot = *ntfs::parse_boot_sector(std::span<const std::byte>(disk.bytes()).subspan(partition, 512));
  const size_t record = partition + boot.mft_offset() + 20 * boot.mft_record_size;
  const auto needle = std::span<const std::byte>(disk.bytes()).subspan(record, 512);
  const auto at = std::search(set.bytes().begin(), set.bytes().end(), needle.begin(), needle.end());
  ASSERT_NE(at, set.bytes().end());
  for (size_t i = 0; i < 64; ++i) at[200 + static_cast<ptrdiff_t>(i)] ^= std::byte{0x5A};
  const uint64_t chunk_offset = (record / 32768) * 32768;
  test::TempDir dir;
  set.save(dir / "chunk.E01");
  const auto outcome = scan(dir / "chunk.E01", dir);
  EXPECT_NE(outcome.status, 2) << outcome.err;
  EXPECT_NE(outcome.said().find("image damage at byte " + std::to_string(chunk_offset)), std::string::npos)
      << outcome.said();
  EXPECT_NE(outcome.said().find("fails its checksum"), std::string::npos) << outcome.said();
}

// Patches the first $FILE_NAME's parent reference of `entry` to point at `parent`
// (sequence kept), with the update sequence re-applied so only the reference is wrong.
void set_parent(test::ImagePatcher& patcher, uint64_t entry, uint64_t parent) {
  patcher.edit_attribute(entry, 0x30, [&](std::span<std::byte> record, size_t fn) {
    const size_t content = test::ImagePatcher::content_offset(record, fn);
    const uint16_t sequence = test::ImagePatcher::u16(record, content + 6);
    test::ImagePatcher::put_le(record, content, parent | uint64_t{sequence} << 48, 8);
  });
}

// inetpub (68) and inetpub/wwwroot (69) name each other as parent: the walk must end, the
// loop must be named, and the webshell elsewhere still found.
TEST(Corruption, ParentReferenceLoop) {
  auto patcher = iis_config();
  ASSERT_TRUE(patcher) << "test-images absent";
  set_parent(*patcher, 68, 69);
  test::TempDir dir;
  patcher->save(dir / "loop.raw");
  const auto outcome = scan(dir / "loop.raw", dir);
  EXPECT_TRUE(outcome.found_webshell()) << outcome.err;
  EXPECT_NE(outcome.said().find("MFT entry 68"), std::string::npos) << outcome.said();
  EXPECT_EQ(outcome.said().find("is damaged"), std::string::npos) << "fixups must stay valid\n"
                                                                   << outcome.said();
}

// The loop on the webshell's own path (Sync <-> web): it ends and is named.
TEST(Corruption, ParentReferenceLoopAboveTheWebshell) {
  auto patcher = iis_config();
  ASSERT_TRUE(patcher) << "test-images absent";
  set_parent(*patcher, 74, 75);
  test::TempDir dir;
  patcher->save(dir / "loop.raw");
  const auto outcome = scan(dir / "loop.raw", dir);
  EXPECT_NE(outcome.said().find("MFT entry 74"), std::string::npos) << outcome.said();
}

// index.html's $DATA attribute claims a length of 4 GiB - 8 and contact.aspx's resident
// value 4 GiB - 16: both records are named damaged, the webshell is still found.
TEST(Corruption, AttributeClaimingFourGiB) {
  auto patcher = iis_config();
  ASSERT_TRUE(patcher) << "test-images absent";
  patcher->edit_attribute(71, 0x80, [&](std::span<std::byte> record, size_t data) {
    test::ImagePatcher::put_le(record, data + 4, 0xFFFFFFF8, 4);
  });
  patcher->edit_attribute(72, 0x80, [&](std::span<std::byte> record, size_t data) {
    ASSERT_EQ(std::to_integer<int>(record[data + 8]), 0) << "contact.aspx is resident";
    test::ImagePatcher::put_le(record, data + 0x10, 0xFFFFFFF0, 4);
  });
  test::TempDir dir;
  patcher->save(dir / "huge.raw");
  const auto outcome = scan(dir / "huge.raw", dir);
  EXPECT_TRUE(outcome.found_webshell()) << outcome.err;
  EXPECT_NE(outcome.said().find("MFT entry 71 "), std::string::npos) << outcome.said();
  EXPECT_NE(outcome.said().find("MFT entry 72 "), std::string::npos) << outcome.said();
}

// applicationHost.config's (70) only data run moved past the end of the volume: its
// content cannot be read, which is said naming the entry; the built-in IIS web root
// is still listed.
TEST(Corruption, DataRunPastTheVolume) {
  auto patcher = iis_config();
  ASSERT_TRUE(patcher) << "test-images absent";
  patcher->edit_attribute(70, 0x80, [&](std::span<std::byte> record, size_t data) {
    ASSERT_EQ(std::to_integer<int>(record[data + 8]), 1) << "applicationHost.config is non-resident";
    const size_t runs = data + test::ImagePatcher::u16(record, data + 0x20);
    const auto header = std::to_integer<uint8_t>(record[runs]);
    const size_t length_bytes = header & 0x0F, offset_bytes = header >> 4;
    // A positive LCN far past the volume, in the run's own offset width (at most 4 bytes
    // needed here: the volume has 3072 clusters).
    ASSERT_GE(offset_bytes, 2u);
    test::ImagePatcher::put_le(record, runs + 1 + length_bytes, 0x7000, offset_bytes);
  });
  test::TempDir dir;
  patcher->save(dir / "run.raw");
  const auto outcome = scan(dir / "run.raw", dir);
  EXPECT_NE(outcome.said().find("MFT entry 70: data run at cluster 28672"), std::string::npos)
      << outcome.said();
  EXPECT_NE(outcome.timeline.find("/inetpub/wwwroot/contact.aspx"), std::string::npos) << outcome.err;
}

// $MFT's own $DATA claims 2^31 - 1 clusters (8 TiB on a 12 MiB volume) in its first run
// and 16 TiB of size: the record count is bounded by the volume, the claim is named, and
// the scan goes on (the catalog used to allocate billions of entries: std::bad_alloc).
TEST(Corruption, MftRunsClaimingTerabytes) {
  auto patcher = iis_config();
  ASSERT_TRUE(patcher) << "test-images absent";
  patcher->edit_attribute(0, 0x80, [&](std::span<std::byte> record, size_t data) {
    const size_t runs = data + test::ImagePatcher::u16(record, data + 0x20);
    ASSERT_GE(data + test::ImagePatcher::u32(record, data + 4), runs + 7) << "room for a wider run";
    ASSERT_EQ(std::to_integer<int>(record[runs]), 0x11) << "one length byte, one offset byte";
    const auto lcn = record[runs + 2];
    test::ImagePatcher::put_le(record, data + 0x18, (uint64_t{1} << 31) - 2, 8);  // highest VCN
    for (const size_t field : {0x28, 0x30, 0x38}) test::ImagePatcher::put_le(record, data + field, uint64_t{1} << 44, 8);
    // Header 0x14: four length bytes (0x7FFFFFFF clusters), one offset byte (the same LCN).
    test::ImagePatcher::put_le(record, runs, 0x7FFFFFFF14, 5);
    record[runs + 5] = lcn;
    record[runs + 6] = std::byte{0};
  });
  test::TempDir dir;
  patcher->save(dir / "huge-mft.raw");
  const auto outcome = scan(dir / "huge-mft.raw", dir);
  EXPECT_TRUE(outcome.found_webshell()) << outcome.err;
  EXPECT_NE(outcome.said().find("$MFT (MFT entry 0 at byte"), std::string::npos) << outcome.said();
  EXPECT_NE(outcome.said().find("map 2147483647 clusters"), std::string::npos) << outcome.said();
}

}  // namespace
}  // namespace shellcarve
