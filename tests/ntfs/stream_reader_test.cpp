// read_stream on crafted data runs over a real volume (test-images/ntfs-basic.raw): a run
// whose VCN or length, in bytes, does not fit in 64 bits is an error naming the MFT entry
// and the stream -- before the fix such a run wrapped around (VCN 2^52 of 4 KiB clusters
// read as VCN 0) and the stream was read from another run's clusters without a word.
#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "image/image.h"
#include "ntfs/committed_images.h"
#include "ntfs/ntfs_volume.h"
#include "ntfs/stream_reader.h"

namespace shellcarve::test {
namespace {

class StreamReader : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto path = committed_image("ntfs-basic.raw");
    ASSERT_FALSE(path.empty());
    auto image = open_image(path.string());
    ASSERT_TRUE(image) << image.error().message;
    image_ = std::move(*image);
    auto volume = ntfs::NtfsVolume::open(*image_, 0);
    ASSERT_TRUE(volume) << volume.error().message;
    volume_.emplace(std::move(*volume));
  }

  // A non-resident unnamed $DATA of MFT entry 77 holding `runs`, 2 clusters long.
  ntfs::Attribute attribute(std::vector<ntfs::DataRun> runs) const {
    ntfs::Attribute a;
    a.type = ntfs::AttributeType::kData;
    a.name = "payload";
    a.resident = false;
    a.mft_entry = 77;
    a.data_size = a.initialized_size = a.allocated_size = 2 * volume_->cluster_size();
    a.runs = std::move(runs);
    return a;
  }

  Status read(const ntfs::Attribute& a) const {
    return ntfs::read_stream(*volume_, a, [](const ntfs::StreamPiece&) { return true; });
  }

  std::unique_ptr<Image> image_;
  std::optional<ntfs::NtfsVolume> volume_;
};

TEST_F(StreamReader, AValidRunReads) {
  EXPECT_TRUE(read(attribute({{0, 2, 1}})));
}

TEST_F(StreamReader, RunWhoseVcnOverflowsInBytesIsAnError) {
  // 2^64 / cluster size: the VCN times the cluster size is exactly 2^64, which wraps to 0.
  const uint64_t wrapping_vcn = (~uint64_t{0} / volume_->cluster_size()) + 1;
  const auto status = read(attribute({{wrapping_vcn, 2, 1}}));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(status.error().message.find("MFT entry 77"), std::string::npos) << status.error().message;
  EXPECT_NE(status.error().message.find("'payload'"), std::string::npos) << status.error().message;
  EXPECT_NE(status.error().message.find("overflows"), std::string::npos) << status.error().message;
}

TEST_F(StreamReader, RunWhoseLengthOverflowsInBytesIsAnError) {
  // A sparse run of 2^64 / cluster size + 2 clusters: its byte length wraps to two clusters.
  const uint64_t wrapping_length = (~uint64_t{0} / volume_->cluster_size()) + 3;
  const auto status = read(attribute({{0, wrapping_length, std::nullopt}}));
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("MFT entry 77"), std::string::npos) << status.error().message;
  EXPECT_NE(status.error().message.find("overflows"), std::string::npos) << status.error().message;
}

TEST_F(StreamReader, RunPastTheVolumeNamesTheStream) {
  const auto status = read(attribute({{0, 2, volume_->cluster_count()}}));
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("MFT entry 77: data run at cluster"), std::string::npos)
      << status.error().message;
  EXPECT_NE(status.error().message.find("'payload'"), std::string::npos) << status.error().message;
}

}  // namespace
}  // namespace shellcarve::test
