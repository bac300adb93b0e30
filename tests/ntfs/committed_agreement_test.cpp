// Differential test against The Sleuth Kit on our own committed images: the bodyfile of
// every NTFS volume must equal fls's (stored in test-images/expected/ by the image recipe)
// on name, inode, size and the four times. Runs on a fresh machine without the corpus.
#include <gtest/gtest.h>

#include "ntfs/committed_images.h"
#include "ntfs/tsk_oracle.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

struct CommittedVolume {
  const char* image;   // under test-images/ (".gz" added when needed)
  const char* oracle;  // under test-images/expected/
  uint64_t sector;
};

void PrintTo(const CommittedVolume& volume, std::ostream* out) { *out << volume.oracle; }

const CommittedVolume kVolumes[] = {
    {"ntfs-basic.raw", "ntfs-basic.raw.fls.body", 0},
    {"ntfs-basic.E01", "ntfs-basic.E01.fls.body", 0},
    {"mbr-ntfs.raw", "mbr-ntfs.raw.o2048.fls.body", 2048},
    {"mbr-ntfs.raw", "mbr-ntfs.raw.o14336.fls.body", 14336},
    {"gpt-ntfs.raw", "gpt-ntfs.raw.o2048.fls.body", 2048},
    {"gpt-ntfs.E01", "gpt-ntfs.E01.o2048.fls.body", 2048},
    {"iis-config.raw", "iis-config.raw.fls.body", 0},
};

class CommittedAgreement : public ::testing::TestWithParam<CommittedVolume> {};

TEST_P(CommittedAgreement, BodyfileMatchesFls) {
  const CommittedVolume& volume = GetParam();
  const auto image = committed_image(volume.image);
  ASSERT_FALSE(image.empty()) << volume.image;
  const std::string fls = read_text(std::filesystem::path(SHELLCARVE_SOURCE_DIR) /
                                    "test-images" / "expected" / volume.oracle);
  ASSERT_FALSE(fls.empty()) << volume.oracle;
  const std::string ours = shellcarve_bodyfile(image, volume.sector * 512);
  ASSERT_EQ(ours.rfind("error:", 0), std::string::npos) << ours;
  for (const auto& difference : compare_bodyfiles(ours, fls))
    if (!explained_by_fls_time_window(difference))
      ADD_FAILURE() << volume.oracle << ": '" << difference.name << "': " << difference.what;
}

INSTANTIATE_TEST_SUITE_P(TestImages, CommittedAgreement, ::testing::ValuesIn(kVolumes));

}  // namespace
}  // namespace shellcarve::test
