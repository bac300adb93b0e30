// Each VSS store's listing agrees with The Sleuth Kit's on the same store: our bodyfile of
// the store (read through VssCatalog) against `fls -r -p -m /` run on the store file
// vshadowmount (libvshadow-utils, FUSE) exposes, name by name on inode, size and the four
// times, with the differences tests/data/tsk-differences.tsv explains (listed there for the
// volume, they hold for its stores). Also `shellcarve ls --vss N --bodyfile` names each row
// vssN:. Without FUSE the vshadowmount part skips, saying why; the store of the small
// vsstest volume is then written out by our own reader and fls run on that file instead.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "image/image.h"
#include "image/vss/vss.h"
#include "image/vss_corpus.h"
#include "ntfs/tsk_oracle.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

// vshadowmount's FUSE mount of one volume's stores, unmounted at the end.
class VshadowMount {
 public:
  VshadowMount(const std::filesystem::path& image, uint64_t offset) : dir_() {
    mount_ = dir_ / "stores";
    std::filesystem::create_directories(mount_);
    const auto result = run_command("vshadowmount -o " + std::to_string(offset) + " " + shell_quote(image.string()) +
                                    " " + shell_quote(mount_.string()));
    mounted_ = result.status == 0 && std::filesystem::exists(mount_ / "vss1");
    if (!mounted_) why_ = "vshadowmount failed (FUSE not usable here?): " + result.err + result.out;
  }
  ~VshadowMount() {
    if (mounted_) run_command("fusermount -u " + shell_quote(mount_.string()) + " || umount " +
                              shell_quote(mount_.string()));
  }
  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  std::filesystem::path store(uint32_t index) const { return mount_ / ("vss" + std::to_string(index)); }

 private:
  TempDir dir_;
  std::filesystem::path mount_;
  bool mounted_ = false;
  std::string why_;
};

std::string fuse_unusable_reason() {
  if (!have_tool("vshadowmount")) return "vshadowmount absent (libvshadow-utils)";
  if (access("/dev/fuse", R_OK | W_OK) != 0) return "/dev/fuse not usable";
  if (!have_tool("fusermount") && !have_tool("fusermount3")) return "fusermount absent";
  return "";
}

// Differences between our bodyfile of a store and fls's `theirs`, less those explained in
// tests/data/tsk-differences.tsv for the store ("LABEL:storeN") or for its volume ("LABEL").
int unexplained_differences(const std::string& label, uint32_t store, const std::string& ours,
                            const std::string& theirs) {
  const auto known = known_differences();
  const std::string store_label = label + ":store" + std::to_string(store);
  int unexplained = 0;
  for (const auto& difference : compare_bodyfiles(ours, theirs)) {
    if (explained_by_fls_time_window(difference)) continue;
    if (std::any_of(known.begin(), known.end(),
                    [&](const auto& k) { return k.covers(label, difference) || k.covers(store_label, difference); }))
      continue;
    ++unexplained;
    ADD_FAILURE() << store_label << ": '" << difference.name << "': " << difference.what;
  }
  return unexplained;
}

class VssListingAgreement : public ::testing::TestWithParam<VssCorpusVolume> {};

TEST_P(VssListingAgreement, EachStoreMatchesFlsOnVshadowmount) {
  const VssCorpusVolume& v = GetParam();
  if (v.readable == 0) GTEST_SKIP() << v.label << " has no store readable from the volume";
  if (!corpus_dir()) GTEST_SKIP() << "shared corpus absent";
  if (!have_tool("fls")) GTEST_SKIP() << "fls absent";
  if (const std::string why = fuse_unusable_reason(); !why.empty()) GTEST_SKIP() << why;
  const auto path = unpack_corpus_image(std::string("images/") + v.archive, v.member);
  ASSERT_TRUE(path) << "cannot unpack " << v.archive;
  const uint64_t offset = v.sector * 512;
  auto image = open_image(path->string());
  ASSERT_TRUE(image) << image.error().message;
  const VssCatalog catalog = VssCatalog::read(**image, offset, (*image)->size() - offset, v.label);
  const VshadowMount mount(*path, offset);
  if (!mount.mounted()) GTEST_SKIP() << mount.why();
  uint32_t compared = 0;
  for (const VssStore& store : catalog.stores()) {
    if (!store.readable()) continue;
    SCOPED_TRACE(describe_store(store));
    const auto fls = run_command("fls -r -p -m / " + shell_quote(mount.store(store.index).string()));
    ASSERT_EQ(fls.status, 0) << fls.err;
    auto view = catalog.open_store(store.index);
    ASSERT_TRUE(view) << view.error().message;
    const std::string ours = shellcarve_bodyfile(**view, 0);
    ASSERT_EQ(ours.rfind("error:", 0), std::string::npos) << ours;
    EXPECT_GT(std::count(ours.begin(), ours.end(), '\n'), 10);
    EXPECT_EQ(unexplained_differences(v.label, store.index, ours, fls.out), 0);
    ++compared;
  }
  EXPECT_EQ(compared, v.readable);
}

INSTANTIATE_TEST_SUITE_P(Corpus, VssListingAgreement, ::testing::ValuesIn(kVssCorpusVolumes),
                         [](const auto& param_info) { return std::string(param_info.param.label); });

// The same agreement without FUSE: the first store of vsstest (1 GiB) written out by our
// reader (zero blocks left as holes) and fls run on that file. It proves our NTFS layer on
// the store's bytes, and that our store bytes make a volume TSK reads the same way.
TEST(VssListing, StoreWrittenByOurReaderMatchesFls) {
  if (!corpus_dir()) GTEST_SKIP() << "shared corpus absent";
  if (!have_tool("fls")) GTEST_SKIP() << "fls absent";
  const auto path = unpack_corpus_image("images/plaso/vsstest.raw.gz");
  ASSERT_TRUE(path);
  auto image = open_image(path->string());
  ASSERT_TRUE(image);
  const VssCatalog catalog = VssCatalog::read(**image, 0, (*image)->size(), "vsstest");
  auto view = catalog.open_store(1);
  ASSERT_TRUE(view) << view.error().message;
  const TempDir dir;
  const auto out_path = dir / "vss1.raw";
  {
    std::FILE* out = std::fopen(out_path.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    std::vector<std::byte> buffer(1 << 20);
    const uint64_t size = (*view)->size();
    for (uint64_t at = 0; at < size; at += buffer.size()) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - at));
      ASSERT_TRUE((*view)->read(at, std::span(buffer).first(n)));
      const bool zero = std::all_of(buffer.begin(), buffer.begin() + n, [](std::byte b) { return b == std::byte{0}; });
      if (zero) std::fseek(out, static_cast<long>(at + n), SEEK_SET);
      else {
        std::fseek(out, static_cast<long>(at), SEEK_SET);
        ASSERT_EQ(std::fwrite(buffer.data(), 1, n, out), n);
      }
    }
    ASSERT_EQ(ftruncate(fileno(out), static_cast<off_t>(size)), 0);
    std::fclose(out);
  }
  const auto fls = run_command("fls -r -p -m / " + shell_quote(out_path.string()));
  ASSERT_EQ(fls.status, 0) << fls.err;
  const std::string ours = shellcarve_bodyfile(**view, 0);
  EXPECT_EQ(unexplained_differences("vsstest", 1, ours, fls.out), 0);
  // The snapshot differs from the live volume: store 1 holds 'syslog', live holds 'syslog.gz'.
  EXPECT_NE(ours.find("|/syslog|"), std::string::npos);
  EXPECT_EQ(ours.find("|/syslog.gz|"), std::string::npos);

  // And `ls --vss 1 --bodyfile` names every row vss1:.
  const auto ls = run_shellcarve({"ls", path->string(), "--vss", "1", "--bodyfile"});
  ASSERT_EQ(ls.status, 0) << ls.err;
  EXPECT_NE(ls.out.find("0|vss1:/syslog|"), std::string::npos) << ls.out.substr(0, 400);
  EXPECT_EQ(ls.out.find("0|/"), std::string::npos);
  // cat --vss 1 reads the snapshot's syslog (MFT entry 35), which live no longer has.
  const auto cat = run_shellcarve({"cat", path->string(), "35", "--vss", "1"});
  EXPECT_EQ(cat.status, 0) << cat.err;
  EXPECT_FALSE(cat.out.empty());
}

}  // namespace
}  // namespace shellcarve::test
