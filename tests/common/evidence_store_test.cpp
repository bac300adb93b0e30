// EvidenceStore (common/evidence_store.h): flagged content written as it is found, named by
// its SHA-256, read-only, once per hash, checked against the hash it is stored under; a
// failed write leaves nothing behind. Only names, sizes and hashes stay in memory.
#include "common/evidence_store.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/digest.h"
#include "support/test_support.h"

namespace shellcarve {
namespace {

std::span<const std::byte> bytes_of(const std::string& text) { return std::as_bytes(std::span(text)); }

size_t files_in(const std::filesystem::path& dir) {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++count;
  return count;
}

TEST(EvidenceStore, WritesContentNamedByItsHashReadOnlyAndOnce) {
  test::TempDir dir;
  EvidenceStore store(dir.path().string());
  const std::string page = "<%eval(Request.Item[\"x\"],\"unsafe\");%>";
  const std::string sha256 = sha256_hex(page);
  auto first = store.store_bytes(sha256, bytes_of(page));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(*first);
  const auto path = dir / (sha256 + ".bin");
  EXPECT_EQ(test::read_text(path), page);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  // The same content again (another file, a carved copy): not written twice.
  auto again = store.store_bytes(sha256, bytes_of(page));
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  ASSERT_EQ(store.outputs().size(), 1u);
  EXPECT_EQ(store.outputs()[0].name, "evidence/" + sha256 + ".bin");
  EXPECT_EQ(store.outputs()[0].size, page.size());
  EXPECT_EQ(store.outputs()[0].sha256, sha256);
  EXPECT_EQ(files_in(dir.path()), 1u);
}

TEST(EvidenceStore, ContentInPiecesIsNeverHeldWhole) {
  test::TempDir dir;
  EvidenceStore store(dir.path().string());
  const std::string piece(64 * 1024, 'a');
  std::string whole;
  for (int i = 0; i < 64; ++i) whole += piece;
  const std::string sha256 = sha256_hex(whole);
  auto stored = store.store(sha256, [&](const EvidenceStore::ByteSink& sink) -> Status {
    for (int i = 0; i < 64; ++i) sink(bytes_of(piece));
    return {};
  });
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(std::filesystem::file_size(store.path_of(sha256)), whole.size());
  EXPECT_EQ(store.bytes_written(), whole.size());
  // 4 MiB written, one 64 KiB piece held at a time.
  EXPECT_EQ(store.peak_bytes_held(), piece.size());
}

TEST(EvidenceStore, BytesNotMatchingTheHashAreRefusedAndLeaveNothing) {
  test::TempDir dir;
  EvidenceStore store(dir.path().string());
  const std::string page = "content read again differs";
  const std::string other = sha256_hex("what was scanned");
  auto stored = store.store_bytes(other, bytes_of(page));
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().code, ErrorCode::kChecksum);
  EXPECT_NE(stored.error().message.find(sha256_hex(page)), std::string::npos) << stored.error().message;
  EXPECT_FALSE(store.contains(other));
  EXPECT_EQ(files_in(dir.path()), 0u);  // no file, no .partial-* left
}

TEST(EvidenceStore, AFailedReadLeavesNothing) {
  test::TempDir dir;
  EvidenceStore store(dir.path().string());
  auto stored = store.store(sha256_hex("x"), [](const EvidenceStore::ByteSink& sink) -> Status {
    sink(bytes_of("x"));
    return fail(ErrorCode::kIo, "cluster 7 unreadable");
  });
  ASSERT_FALSE(stored);
  EXPECT_NE(stored.error().message.find("cluster 7 unreadable"), std::string::npos);
  EXPECT_EQ(files_in(dir.path()), 0u);
}

TEST(EvidenceStore, NamesOnlyFromAHash) {
  test::TempDir dir;
  EvidenceStore store(dir.path().string());
  EXPECT_FALSE(store.store_bytes("../../etc/passwd", bytes_of("x")));
  EXPECT_EQ(files_in(dir.path()), 0u);
}

TEST(EvidenceStore, DiscardRemovesAStoredFile) {
  test::TempDir dir;
  EvidenceStore store(dir.path().string());
  const std::string page = "carved copy";
  const std::string sha256 = sha256_hex(page);
  ASSERT_TRUE(store.store_bytes(sha256, bytes_of(page)));
  ASSERT_TRUE(store.discard(sha256));
  EXPECT_FALSE(store.contains(sha256));
  EXPECT_TRUE(store.outputs().empty());
  EXPECT_EQ(files_in(dir.path()), 0u);
  EXPECT_TRUE(store.discard(sha256));  // not stored: nothing to do
}

}  // namespace
}  // namespace shellcarve
