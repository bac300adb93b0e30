// Where fls misses what we find: The Sleuth Kit (4.11.1, ntfs_dent.cpp, is_time()) accepts
// a $FILE_NAME key found in $I30 slack only when its creation, access and modification
// times lie between 1970 and the start of 2020. A webshell planted and deleted in 2021 (the
// ProxyLogon/HAFNIUM wave) leaves its name in its directory's index slack, and fls does not
// list it. Shown here on test-images/carve-records.raw: zz_shell.aspx (times 2021-05-03) is
// recovered by us and absent from `fls -r -p`; the same bytes with the four times set to
// 2019-05-03 in a copy of the image are listed by fls, so the times alone decide.
// docs/tsk-differences.md cites this test. Also: the whole-volume slack reader of `ls
// --index-slack` gives the same rows on any number of threads.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "ntfs/index/index_slack.h"
#include "ntfs/index/volume_index_slack.h"
#include "timeline/index_slack_rows.h"
#include "ntfs/directory_tree.h"
#include "ntfs/mft_scan.h"
#include "image/image.h"
#include "ntfs/committed_images.h"
#include "ntfs/ntfs_volume.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

constexpr uint64_t kUploadsDirectory = 67;  // /inetpub/wwwroot/uploads (test-images/README.md)
constexpr uint64_t kPlanted = 132645132002222222;  // 2021-05-03T11:00:00.2222222Z
constexpr uint64_t k2019 = 132013260000000000;     // 2019-05-03T11:00:00Z
constexpr const char* kName = "zz_shell.aspx";

// The recovered slack entry for zz_shell.aspx in `image`, or nullopt.
std::optional<ntfs::IndexEntry> recovered_shell_name(const std::filesystem::path& image_path) {
  auto image = open_image(image_path.string());
  if (!image) return std::nullopt;
  auto volume = ntfs::NtfsVolume::open(**image, 0);
  if (!volume) return std::nullopt;
  const auto slack = ntfs::read_directory_index_slack(*volume, kUploadsDirectory);
  for (const auto& recovered : slack.entries)
    if (recovered.entry.file_name && recovered.entry.file_name->name == kName) return recovered.entry;
  return std::nullopt;
}

bool fls_lists_shell(const std::filesystem::path& image) {
  const CommandResult fls = run_command("fls -r -p " + shell_quote(image.string()));
  EXPECT_EQ(fls.status, 0) << fls.err;
  return fls.out.find(std::string("inetpub/wwwroot/uploads/") + kName) != std::string::npos;
}

TEST(TskSlackTimeWindow, FlsMissesA2021NameInI30SlackThatWeRecover) {
  ASSERT_TRUE(have_tool("fls")) << "fls absent";
  const auto image = committed_image("carve-records.raw");
  ASSERT_FALSE(image.empty());

  const auto ours = recovered_shell_name(image);
  ASSERT_TRUE(ours.has_value()) << "zz_shell.aspx not recovered from the $I30 slack";
  EXPECT_EQ(ours->file_name->times.creation, kPlanted);
  EXPECT_EQ(ours->file_name->times.modification, kPlanted);
  EXPECT_FALSE(fls_lists_shell(image)) << "fls now lists the 2021 slack name: update "
                                          "docs/tsk-differences.md";

  // The same key with 2019 times, in a copy: fls lists it. The four $FILE_NAME times are
  // at bytes 8..39 of the key, which starts 16 bytes into the entry (ntfs/index).
  // (They must not cover a sector's last two bytes, which hold the update sequence number.)
  ASSERT_LT((ours->image_offset + 16 + 8) % 512 + 32, 510u);
  TempDir dir;
  const auto copy = dir / "carve-records-2019.raw";
  std::filesystem::copy_file(image, copy);
  {
    std::fstream out(copy, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(out.is_open());
    for (int i = 0; i < 4; ++i) {
      out.seekp(static_cast<std::streamoff>(ours->image_offset + 16 + 8 + 8 * i));
      uint64_t value = k2019;
      char bytes[8];
      for (char& b : bytes) {
        b = static_cast<char>(value & 0xFF);
        value >>= 8;
      }
      out.write(bytes, 8);
    }
  }
  const auto patched = recovered_shell_name(copy);
  ASSERT_TRUE(patched.has_value());
  EXPECT_EQ(patched->file_name->times.creation, k2019);
  EXPECT_TRUE(fls_lists_shell(copy)) << "fls does not list the name even with 2019 times: "
                                        "the time window is not what hides it";
}

// The listing's reader shares the directories among threads; the rows must not depend on
// how many took part.
TEST(VolumeIndexSlackReader, SameRowsOnAnyNumberOfThreads) {
  const auto image_path = committed_image("carve-records.raw");
  ASSERT_FALSE(image_path.empty());
  auto image = open_image(image_path.string());
  ASSERT_TRUE(image.has_value());
  auto volume = ntfs::NtfsVolume::open(**image, 0);
  ASSERT_TRUE(volume.has_value());
  auto catalog = ntfs::scan_mft(*volume);
  ASSERT_TRUE(catalog.has_value());
  const auto tree = ntfs::build_directory_tree(*catalog);
  auto rows_of = [&](const ntfs::VolumeIndexSlack& slack) {
    std::string text;
    for_each_index_slack_row(*catalog, tree, slack,
                                    [&](const ListingRow& row) { text += long_line(row); });
    return text;
  };
  const std::string alone = rows_of(ntfs::read_volume_index_slack(*volume, *catalog));
  EXPECT_NE(alone.find("zz_shell.aspx"), std::string::npos);
  ntfs::VolumeIndexSlackReader reader(*volume, *catalog);
  {
    std::vector<std::jthread> helpers;
    for (int i = 0; i < 3; ++i) helpers.emplace_back([&] { reader.work(); });
    reader.work();
  }
  EXPECT_EQ(rows_of(reader.take()), alone);
}

}  // namespace
}  // namespace shellcarve::test
