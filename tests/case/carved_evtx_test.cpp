// Event log chunks in free clusters: a cleared or deleted event log whose 64 KiB pages
// survive. The record carver notes intact chunk headers (CRC32 checked), the scan reads
// them as one input per run of chunks, and their hits reach proxylogon.json with the image
// offset of each record, while a copy of a record a log file (or another copy) already gave
// is counted, not reported twice.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "carve/record_carver.h"
#include "image/image.h"
#include "logs/log_scan.h"
#include "ntfs/cluster_allocation.h"
#include "ntfs/committed_images.h"
#include "ntfs/ntfs_volume.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

constexpr size_t kChunk = 65536;
constexpr size_t kFileHeader = 4096;

std::vector<std::byte> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(text.size());
  std::memcpy(bytes.data(), text.data(), text.size());
  return bytes;
}

// The first chunk of test-images/evtx/proxylogon.evtx: the ProxyLogon events (26857's
// InvalidCastException, 27065's Set-OabVirtualDirectory, a mailbox export).
std::vector<std::byte> proxylogon_chunk() {
  const auto path = test_image("evtx/proxylogon.evtx.gz");
  if (!path) return {};
  const auto file = read_bytes(*path);
  if (file.size() < kFileHeader + kChunk) return {};
  return {file.begin() + kFileHeader, file.begin() + kFileHeader + kChunk};
}

TEST(CarvedEvtx, CarverNotesIntactChunkHeadersOnly) {
  const auto chunk = proxylogon_chunk();
  ASSERT_EQ(chunk.size(), kChunk);
  std::vector<std::byte> bytes(1024);  // two sectors of zeros, then the chunk, then a damaged copy
  bytes.insert(bytes.end(), chunk.begin(), chunk.end());
  bytes.insert(bytes.end(), chunk.begin(), chunk.end());
  bytes[1024 + kChunk + 200] ^= std::byte{1};  // inside the second copy's CRC-covered header
  carve::RecordCarver carver(1024, 4096);
  carver.scan(bytes, 1u << 20, "unallocated");
  carver.keep_lowest();
  ASSERT_EQ(carver.evtx_chunks().size(), 1u);
  EXPECT_EQ(carver.evtx_chunks()[0], (1u << 20) + 1024);
}

// Carved inputs next to the log file they were copied from: the copy's hits are counted as
// copies; alone, they are the scan's hits, named by the chunks' place.
TEST(CarvedEvtx, CopiesOfALogFilesRecordsAreNotHitsTwice) {
  const auto chunk = proxylogon_chunk();
  ASSERT_EQ(chunk.size(), kChunk);
  auto carved_input = [&](uint64_t image_offset) {
    logs::LogFileInput input;
    input.family = logs::LogFamily::kEvtx;
    input.carved = true;
    input.file.deleted = true;
    input.file.path = "$Unallocated/EVTX chunks at image offset " + std::to_string(image_offset) + " (1 chunk(s))";
    input.feed = [&chunk, image_offset](logs::ContentSink& sink) -> Status {
      sink.feed_zeros(kFileHeader);
      sink.feed(chunk, image_offset);
      return Status{};
    };
    return input;
  };
  logs::LogFileInput file;
  file.family = logs::LogFamily::kEvtx;
  file.file.path = "/Windows/System32/winevt/Logs/MSExchange Management.evtx";
  file.feed = [&chunk](logs::ContentSink& sink) -> Status {
    sink.feed_zeros(kFileHeader);
    sink.feed(chunk, 7u << 20);
    return Status{};
  };

  const auto alone = logs::scan_logs({carved_input(9u << 20)});
  ASSERT_FALSE(alone.hits.empty());
  for (const logs::LogHit& hit : alone.hits) {
    EXPECT_TRUE(hit.provenance.path.starts_with("$Unallocated/EVTX chunks at image offset 9437184"));
    ASSERT_TRUE(hit.provenance.image_offset);
    EXPECT_GE(*hit.provenance.image_offset, 9u << 20);
    EXPECT_LT(*hit.provenance.image_offset, (9u << 20) + kChunk);
  }
  EXPECT_GT(alone.carved_evtx_records, 0u);
  for (const logs::FamilyCoverage& c : alone.coverage)
    EXPECT_NE(c.family, logs::LogFamily::kEvtx) << "carved records are not a log file's coverage";

  const auto both = logs::scan_logs({carved_input(9u << 20), file, carved_input(11u << 20)});
  EXPECT_EQ(both.hits.size(), alone.hits.size());
  EXPECT_EQ(both.carved_evtx_hits_dropped, 2 * alone.hits.size());
  for (const logs::LogHit& hit : both.hits) EXPECT_EQ(hit.provenance.path, file.file.path);
}

// End to end: the chunk written into free clusters of an image that has no event logs.
TEST(CarvedEvtx, ScanFindsTheEventsOfAChunkInFreeClusters) {
  const auto chunk = proxylogon_chunk();
  ASSERT_EQ(chunk.size(), kChunk);
  const auto source = committed_image("paths.raw");
  ASSERT_FALSE(source.empty());
  TempDir dir;
  const auto image_path = dir / "with-chunk.raw";
  std::filesystem::copy_file(source, image_path);

  uint64_t chunk_offset = 0;
  {
    auto image = open_image(image_path.string());
    ASSERT_TRUE(image) << image.error().message;
    auto volume = ntfs::NtfsVolume::open(**image, 0);
    ASSERT_TRUE(volume) << volume.error().message;
    auto bitmap = ntfs::ClusterBitmap::load(*volume);
    ASSERT_TRUE(bitmap) << bitmap.error().message;
    const uint64_t need = (kChunk + volume->cluster_size() - 1) / volume->cluster_size();
    // The last run of free clusters long enough, away from the MFT zone at the start.
    uint64_t run = 0;
    for (uint64_t lcn = bitmap->cluster_count(); lcn-- > 0;) {
      run = bitmap->is_allocated(lcn) ? 0 : run + 1;
      if (run == need) {
        chunk_offset = volume->cluster_offset(lcn);
        break;
      }
    }
    ASSERT_NE(chunk_offset, 0u) << "no " << need << " free clusters in a row";
  }
  {
    std::fstream out(image_path, std::ios::binary | std::ios::in | std::ios::out);
    out.seekp(static_cast<std::streamoff>(chunk_offset));
    out.write(reinterpret_cast<const char*>(chunk.data()), static_cast<std::streamsize>(chunk.size()));
  }
  const auto result = run_shellcarve({"scan", image_path.string(), "--out", (dir / "case").string()});
  ASSERT_TRUE(result.status == 0 || result.status == 1) << result.err;  // 1: paths.raw's own shells
  std::ifstream in(dir / "case" / "proxylogon.json");
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string place = "$Unallocated/EVTX chunks at image offset " + std::to_string(chunk_offset) + " (1 chunk(s))";
  EXPECT_NE(json.find("\"path\": \"" + place + "\""), std::string::npos) << json.substr(0, 3000);
  for (const char* check : {"CVE-2021-26857", "CVE-2021-27065", "MailboxExportRequest"}) {
    const size_t at = json.find(std::string("\"check\": \"") + check + "\"");
    ASSERT_NE(at, std::string::npos) << check;
    EXPECT_LT(json.find("\"answer\": \"hits\"", at), json.find('}', at)) << check << " is answered by the carved records";
  }
  EXPECT_NE(json.find("run(s) of EVTX chunks carved from free clusters"), std::string::npos);
  EXPECT_NE(result.err.find("EVTX chunks carved"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace shellcarve::test
