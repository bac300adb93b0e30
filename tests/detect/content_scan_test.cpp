// ContentScanner and its parts (chunk_window.h, text_encoding.h) on synthetic content:
// content past the old 64 MiB cap, runs of zeros, UTF-16 pages, and a YARA timeout that
// matched nothing (issue "Nothing silent", items 1, 2 and 6). The large streams are fed
// from one reused buffer, so the test holds a few MiB whatever the stream's size.
#include "detect/content_scan.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "carve/record_findings.h"
#include "case/scan_carving.h"
#include "detect/chunk_window.h"
#include "detect/text_encoding.h"
#include "common/digest.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

using detect::ChunkWindow;
using detect::ContentPiece;
using detect::ContentScanner;
using detect::PieceSink;
using detect::PieceSource;
using detect::TextEncoding;

const std::string kOneLiner = R"(<%@ Page Language="Jscript"%><%eval(Request.Item["content_test"],"unsafe");%>)";

std::shared_ptr<const detect::YaraRules> our_rules() {
  static auto rules = compile_scan_rules({});
  EXPECT_TRUE(rules) << rules.error().message;
  return rules ? *rules : nullptr;
}

// `--rules` pointed at the public rule folder as a whole (issue 13, item 4): its files
// reuse rule names (nsacyber core/extended) and stems of our own rules, and compile beside
// ours anyway, one namespace per file.
TEST(ScanRules, PublicRuleFolderCompilesWhole) {
  const auto corpus = corpus_dir();
  if (!corpus || !std::filesystem::is_directory(*corpus / "yara-public"))
    GTEST_SKIP() << "shared corpus yara-public/ not present";
  const std::string folder = (*corpus / "yara-public").string();
  auto rules = compile_scan_rules({folder, folder});
  ASSERT_TRUE(rules) << rules.error().message;
  const auto ours = compile_scan_rules({});
  ASSERT_TRUE(ours);
  EXPECT_GT((*rules)->report().rule_count, 2 * (*ours)->report().rule_count);
}

// `count` copies of `block`, then `tail`; with `zero_run`, that many zero bytes (as
// `zeros` pieces of one reused buffer) between them.
PieceSource repeated_source(const std::vector<std::byte>& block, size_t count, uint64_t zero_run,
                            const std::vector<std::byte>& tail) {
  return [&block, count, zero_run, &tail](const PieceSink& sink) -> Status {
    for (size_t i = 0; i < count; ++i) sink(ContentPiece{block, false});
    static const std::vector<std::byte> zeros(1 << 20);
    for (uint64_t left = zero_run; left > 0;) {
      const auto take = static_cast<size_t>(std::min<uint64_t>(left, zeros.size()));
      sink(ContentPiece{std::span(zeros).first(take), true});
      left -= take;
    }
    sink(ContentPiece{tail, false});
    return {};
  };
}

std::vector<std::byte> html_block() {
  std::string html;
  while (html.size() < (1u << 20)) html += "<tr><td>row of a long generated report</td><td>nothing here</td></tr>\r\n";
  html.resize(1u << 20);
  return bytes_of(html);
}

ContentDigests digests_of(const PieceSource& source) {
  ContentDigestStream stream;
  EXPECT_TRUE(source([&](const ContentPiece& piece) {
    stream.update(piece.bytes);
    return true;
  }));
  return stream.finish();
}

bool has_rule(const detect::ContentVerdict& verdict, const std::string& rule) {
  return std::any_of(verdict.matches.begin(), verdict.matches.end(),
                     [&](const detect::RuleMatch& m) { return m.rule.ends_with(":" + rule); });
}

bool has_hit(const detect::ContentVerdict& verdict, const std::string& name) {
  return std::any_of(verdict.hits.begin(), verdict.hits.end(),
                     [&](const detect::HeuristicHit& h) { return h.name == name; });
}

TEST(ChunkWindow, ChunksOverlapAndCoverEveryByte) {
  std::vector<std::pair<uint64_t, size_t>> chunks;
  ChunkWindow window(100, 10, [&](std::span<const std::byte> chunk, uint64_t base) {
    chunks.emplace_back(base, chunk.size());
  });
  const std::vector<std::byte> data(37, std::byte{'x'});
  for (int i = 0; i < 7; ++i) window.add(data);  // 259 bytes
  window.finish();
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0], std::make_pair(uint64_t{0}, size_t{100}));
  EXPECT_EQ(chunks[1], std::make_pair(uint64_t{90}, size_t{100}));
  EXPECT_EQ(chunks[2], std::make_pair(uint64_t{180}, size_t{79}));
  EXPECT_EQ(window.bytes_scanned(), 259u);
  EXPECT_EQ(window.size(), 259u);
}

TEST(ChunkWindow, LongZeroRunsAreSkippedButTheirEdgesAreScanned) {
  std::vector<std::pair<uint64_t, size_t>> chunks;
  ChunkWindow window(100, 10, [&](std::span<const std::byte> chunk, uint64_t base) {
    chunks.emplace_back(base, chunk.size());
  });
  const std::vector<std::byte> data(20, std::byte{'x'});
  window.add(data);
  window.add_zeros(1'000'000'000'000ull);  // a TB of sparse run: no chunk for it
  window.add(data);
  window.finish();
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0], std::make_pair(uint64_t{0}, size_t{30}));  // data + 10 zeros after it
  EXPECT_EQ(chunks[1], std::make_pair(uint64_t{1'000'000'000'010ull}, size_t{30}));  // 10 zeros before
  EXPECT_EQ(window.size(), 1'000'000'000'040ull);
  EXPECT_EQ(window.bytes_scanned(), 60u);
}

TEST(ChunkWindow, AStreamOfZerosIsScannedOnce) {
  size_t chunks = 0;
  ChunkWindow window(100, 10, [&](std::span<const std::byte>, uint64_t) { ++chunks; });
  window.add_zeros(5000);
  window.finish();
  EXPECT_EQ(chunks, 1u);
}

TEST(TextEncoding, ByteOrderMarksAndBomLessUtf16) {
  const auto le = detect::sniff_text_encoding(bytes_of(std::string("\xff\xfe<\0%\0", 6)));
  EXPECT_EQ(le.encoding, TextEncoding::kUtf16Le);
  EXPECT_EQ(le.bom_size, 2u);
  EXPECT_EQ(detect::sniff_text_encoding(bytes_of(std::string("\xfe\xff\0<\0%", 6))).encoding, TextEncoding::kUtf16Be);
  std::string bomless;
  for (char c : kOneLiner) bomless += std::string{c, '\0'};
  EXPECT_EQ(detect::sniff_text_encoding(bytes_of(bomless)).encoding, TextEncoding::kUtf16Le);
  EXPECT_EQ(detect::sniff_text_encoding(bytes_of(kOneLiner)).encoding, TextEncoding::kAsIs);
  EXPECT_EQ(detect::sniff_text_encoding(pseudo_random_bytes(4096, 7)).encoding, TextEncoding::kAsIs);
  EXPECT_EQ(detect::sniff_text_encoding(std::vector<std::byte>(4096)).encoding, TextEncoding::kAsIs);
}

TEST(TextEncoding, DecoderJoinsPiecesAndReplacesBadUnits) {
  detect::Utf16Decoder decoder(TextEncoding::kUtf16Le);
  std::string out;
  const auto bytes = bytes_of(std::string("A\0\x3d\xd8\x00\xde!\0\x00\xdc", 10));  // A, U+1F600, !, lone low
  for (const std::byte b : bytes) decoder.decode(std::span(&b, 1), out);
  decoder.finish(out);
  EXPECT_EQ(out, "A\xF0\x9F\x98\x80!\xEF\xBF\xBD");
  EXPECT_EQ(decoder.replaced(), 1u);
}

// Issue item 1: a one-liner after 70 MiB of HTML was never examined (exit 0, no finding).
TEST(ContentScanner, FindsAOneLinerPast64MiB) {
  auto scanner = ContentScanner::create(our_rules());
  ASSERT_TRUE(scanner) << scanner.error().message;
  const auto block = html_block();
  const auto tail = bytes_of("\r\n" + kOneLiner + "\r\n");
  const size_t blocks = 70;
  const uint64_t size = blocks * block.size() + tail.size();
  const PieceSource source = repeated_source(block, blocks, 0, tail);
  const auto verdict = scanner->scan("/inetpub/wwwroot/report.aspx", size, source);
  // The one warning: the chunk that holds the server code is too large to de-obfuscate,
  // which is said (the rules still read it as written).
  ASSERT_EQ(verdict.warnings.size(), 1u) << verdict.warnings.front();
  EXPECT_NE(verdict.warnings.front().find("server code not de-obfuscated"), std::string::npos)
      << verdict.warnings.front();
  EXPECT_EQ(verdict.deobfuscation_gaps, verdict.warnings);
  EXPECT_TRUE(has_rule(verdict, "SC_ChinaChopper_JScript_Eval_Unsafe"));
  EXPECT_TRUE(has_hit(verdict, "tiny_request_eval"));
  EXPECT_EQ(verdict.size, size);
  EXPECT_EQ(verdict.bytes_scanned, size);
  // 16 MiB chunks advancing by 16 MiB - 64 KiB.
  EXPECT_EQ(verdict.chunks, 5u);
  EXPECT_FALSE(verdict.bytes_kept);  // over max_kept_bytes: the hunt reads it again
  EXPECT_TRUE(verdict.bytes.empty());
  EXPECT_EQ(verdict.digests.sha256, digests_of(source).sha256);
  const auto notes = verdict.notes(scanner->options());
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes.front().find("5 chunks"), std::string::npos);
}

TEST(ContentScanner, FindsAOneLinerAfterASparseRun) {
  auto scanner = ContentScanner::create(our_rules());
  ASSERT_TRUE(scanner) << scanner.error().message;
  const std::vector<std::byte> none;
  const auto tail = bytes_of(kOneLiner);
  const uint64_t zeros = 256ull << 20;
  const auto verdict = scanner->scan("/inetpub/wwwroot/sparse.aspx", zeros + tail.size(),
                                     repeated_source(none, 0, zeros, tail));
  EXPECT_TRUE(has_rule(verdict, "SC_ChinaChopper_JScript_Eval_Unsafe"));
  EXPECT_EQ(verdict.chunks, 1u);  // the run's last 64 KiB and the one-liner
  EXPECT_EQ(verdict.bytes_scanned, scanner->options().overlap + tail.size());
  EXPECT_EQ(verdict.zero_bytes_skipped(), zeros - scanner->options().overlap);
}

// Issue item 2: the same one-liner saved as UTF-16 was missed.
TEST(ContentScanner, DecodesUtf16PagesAndKeepsTheOriginalBytes) {
  auto scanner = ContentScanner::create(our_rules());
  ASSERT_TRUE(scanner) << scanner.error().message;
  std::string le, be;
  for (char c : kOneLiner) {
    le += std::string{c, '\0'};
    be += std::string{'\0', c};
  }
  for (const std::string& page : {"\xff\xfe" + le, "\xfe\xff" + be, le}) {
    const auto bytes = bytes_of(page);
    const auto verdict = scanner->scan_bytes("/inetpub/wwwroot/u.aspx", bytes);
    EXPECT_TRUE(has_rule(verdict, "SC_ChinaChopper_JScript_Eval_Unsafe")) << verdict.encoding.reason;
    EXPECT_TRUE(has_hit(verdict, "tiny_request_eval")) << verdict.encoding.reason;
    EXPECT_NE(verdict.encoding.encoding, TextEncoding::kAsIs);
    EXPECT_EQ(verdict.bytes, bytes);
    EXPECT_EQ(verdict.digests.sha256, digest_all(bytes).sha256);
    EXPECT_EQ(verdict.chunks, 2u);  // the original bytes and the decoded text
  }
}

std::shared_ptr<const detect::YaraRules> slow_rules() {
  detect::CompileOptions options;
  options.limits.timeout_seconds = 1;
  // (7 Ki)^3 loop iterations: minutes of work without the timeout; matches nothing.
  auto rules = detect::YaraRules::compile(
      {detect::RuleSource{"slow.yar", "default",
                          "rule slow { condition: for any i in (0..filesize) : (for any j in (0..filesize) : "
                          "(for any k in (0..filesize) : (uint8(i) + uint8(j) + uint8(k) == 0x2FF))) }"}},
      options);
  EXPECT_TRUE(rules) << rules.error().message;
  return rules ? *rules : nullptr;
}

// Issue item 6: a timed-out object with no match was skipped silently.
TEST(ContentScanner, ATimeoutWithNoMatchIsAWarning) {
  auto scanner = ContentScanner::create(slow_rules());
  ASSERT_TRUE(scanner) << scanner.error().message;
  const auto verdict = scanner->scan_bytes("/inetpub/wwwroot/page.aspx", std::vector<std::byte>(7 * 1024, std::byte{'a'}));
  EXPECT_FALSE(verdict.flagged());
  EXPECT_TRUE(verdict.timed_out);
  ASSERT_FALSE(verdict.warnings.empty());
  EXPECT_NE(verdict.warnings.front().find("timeout"), std::string::npos) << verdict.warnings.front();
}

TEST(ContentScanner, ATimeoutReachesTheHuntWarnings) {
  carve::CarvedFileRecord carved;
  carved.path = "/inetpub/wwwroot/gone.aspx";
  carved.region = "unallocated";
  carved.record.image_offset = 4096;
  ntfs::Attribute data;
  data.type = ntfs::AttributeType::kData;
  data.resident = true;
  data.resident_data.assign(700, std::byte{'a'});
  carved.record.attributes.push_back(data);
  HuntResult result;
  ASSERT_TRUE(carve::hunt_carved_records({carved}, WebRootSelection{}, slow_rules(), PatchTime{}, result));
  EXPECT_TRUE(result.findings.empty());
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("carved record at offset 4096 (/inetpub/wwwroot/gone.aspx)"), std::string::npos)
      << result.warnings[0];
  EXPECT_NE(result.warnings[0].find("timeout"), std::string::npos) << result.warnings[0];
}

}  // namespace
}  // namespace shellcarve::test
