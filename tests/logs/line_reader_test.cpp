// The log line reader: pieces, CRLF, long lines, binary garbage, UTF-16 LE, truncation.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "logs/line_reader.h"

namespace shellcarve::logs {
namespace {

struct Seen {
  std::string text;
  uint64_t line = 0;
  uint64_t offset = 0;
  std::optional<uint64_t> image;
  bool cut = false;
};

std::span<const std::byte> span_of(const std::string& text) {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

// Feeds `text` in pieces of `piece` bytes, the piece at file offset o lying at image 1000 + o.
std::vector<Seen> read_all(const std::string& text, size_t piece, size_t max_line, LineStats* stats = nullptr) {
  std::vector<Seen> seen;
  LineReader reader([&](const LogLine& l) { seen.push_back({std::string(l.text), l.line_number, l.file_offset, l.image_offset, l.cut}); },
                    max_line);
  for (size_t at = 0; at < text.size(); at += piece)
    reader.feed(span_of(text).subspan(at, std::min(piece, text.size() - at)), 1000 + at);
  reader.finish();
  if (stats) *stats = reader.stats();
  return seen;
}

TEST(LineReader, LinesOffsetsAndImageOffsetsWhateverThePieces) {
  const std::string text = "#Fields: a b\r\nx y\r\n\r\nlast";
  for (size_t piece : {1u, 2u, 3u, 5u, 100u}) {
    LineStats stats;
    const auto seen = read_all(text, piece, 1024, &stats);
    ASSERT_EQ(seen.size(), 3u) << piece;
    EXPECT_EQ(seen[0].text, "#Fields: a b");
    EXPECT_EQ(seen[1].text, "x y");
    EXPECT_EQ(seen[1].line, 2u);
    EXPECT_EQ(seen[1].offset, 14u);
    EXPECT_EQ(seen[1].image, 1014u) << piece;
    EXPECT_EQ(seen[2].text, "last");
    EXPECT_EQ(seen[2].line, 4u);
    EXPECT_TRUE(stats.unterminated_last);
    EXPECT_EQ(stats.bytes, text.size());
  }
}

TEST(LineReader, OneMegabyteLineIsCutAndCounted) {
  const std::string text = "before\n" + std::string(1 << 20, 'A') + "\nafter\n";
  LineStats stats;
  const auto seen = read_all(text, 4096, 64 * 1024, &stats);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1].text.size(), 64u * 1024);
  EXPECT_TRUE(seen[1].cut);
  EXPECT_EQ(seen[2].text, "after");
  EXPECT_EQ(seen[2].line, 3u);
  EXPECT_EQ(stats.long_lines, 1u);
}

TEST(LineReader, BinaryGarbageAndZerosAreSkippedAndCounted) {
  std::string text = "good 1\n";
  text += std::string("\x00\x01\x02garbage\xff", 11) + "\n";
  text += "good 2\n";
  std::vector<Seen> seen;
  LineReader reader([&](const LogLine& l) { seen.push_back({std::string(l.text), l.line_number, 0, {}, false}); }, 1024);
  reader.feed(span_of(text));
  reader.feed_zeros(8192);  // a zeroed tail of a deleted log
  reader.finish();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].text, "good 2");
  EXPECT_EQ(seen[1].line, 3u);
  EXPECT_EQ(reader.stats().binary_lines, 2u);
}

TEST(LineReader, Utf16LittleEndianWithBomIsDecoded) {
  const std::u16string text = u"#Fields: date time\r\nh\u00e9llo \U0001F600\r\n";
  std::string bytes = "\xff\xfe";
  for (char16_t unit : text) {
    bytes.push_back(static_cast<char>(unit & 0xff));
    bytes.push_back(static_cast<char>(unit >> 8));
  }
  for (size_t piece : {1u, 3u, 64u}) {
    LineStats stats;
    const auto seen = read_all(bytes, piece, 1024, &stats);
    ASSERT_EQ(seen.size(), 2u) << piece;
    EXPECT_TRUE(stats.utf16);
    EXPECT_EQ(seen[0].text, "#Fields: date time");
    EXPECT_EQ(seen[1].text, "h\xc3\xa9llo \xf0\x9f\x98\x80");
    EXPECT_EQ(seen[1].offset, 2u + 2 * 20);
    EXPECT_EQ(seen[1].image, 1000u + 2 + 2 * 20) << piece;
  }
}

TEST(LineReader, Utf8BomDroppedAndShortFilesRead) {
  EXPECT_EQ(read_all(std::string("\xEF\xBB\xBF") + "ab\n", 1, 64).at(0).text, "ab");
  EXPECT_EQ(read_all("a", 1, 64).at(0).text, "a");
  EXPECT_EQ(read_all("ab", 1, 64).at(0).text, "ab");
  EXPECT_TRUE(read_all("", 1, 64).empty());
  // A UTF-16 file cut in the middle of a code unit: the half line is garbage, not text.
  LineStats stats;
  EXPECT_TRUE(read_all(std::string("\xff\xfe" "a\0b", 5), 1, 64, &stats).empty());
  EXPECT_EQ(stats.binary_lines, 1u);
}

}  // namespace
}  // namespace shellcarve::logs
