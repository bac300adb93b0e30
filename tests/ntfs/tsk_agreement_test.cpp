// Differential test against The Sleuth Kit: for every NTFS image in the shared corpus, our
// bodyfile must agree with the `fls -r -p -m /` output stored beside the image on name,
// inode, size and the four times, except for the differences listed (with their reasons)
// in tests/data/tsk-differences.tsv and docs/tsk-differences.md.
#include <gtest/gtest.h>

#include <algorithm>

#include "ntfs/corpus_volumes.h"
#include "ntfs/tsk_oracle.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

class TskAgreement : public ::testing::TestWithParam<CorpusVolume> {};

TEST_P(TskAgreement, BodyfileMatchesFls) {
  const CorpusVolume& volume = GetParam();
  const auto corpus = corpus_dir();
  if (!corpus) GTEST_SKIP() << "shared corpus absent";
  const auto image = unpack_corpus_image(std::string("images/") + volume.archive, volume.member);
  ASSERT_TRUE(image) << "cannot unpack " << volume.archive;
  const std::string fls = read_text(*corpus / "images" / volume.oracle);
  ASSERT_FALSE(fls.empty()) << volume.oracle;
  const std::string ours = shellcarve_bodyfile(*image, volume.sector * 512);
  ASSERT_EQ(ours.rfind("error:", 0), std::string::npos) << ours;

  const auto known = known_differences();
  int unexplained = 0;
  for (const auto& difference : compare_bodyfiles(ours, fls)) {
    if (explained_by_fls_time_window(difference)) continue;
    if (std::any_of(known.begin(), known.end(),
                    [&](const auto& k) { return k.covers(volume.label, difference); }))
      continue;
    ++unexplained;
    ADD_FAILURE() << volume.label << ": '" << difference.name << "': " << difference.what;
  }
  EXPECT_EQ(unexplained, 0);
}

INSTANTIATE_TEST_SUITE_P(Corpus, TskAgreement, ::testing::ValuesIn(kCorpusVolumes),
                         [](const auto& param_info) { return corpus_test_name(param_info.param); });

}  // namespace
}  // namespace shellcarve::test
