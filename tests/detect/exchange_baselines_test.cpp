// The Exchange known-good table: the loader on a tiny table the script made from
// tests/data/exchange-baselines-small.csv (committed beside it, and remade here when python3
// is present, byte for byte), format errors that must be errors and never crashes, and the
// shipped rules/exchange-baselines.bin (its load time printed, not asserted).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "common/byte_reader.h"
#include "common/zlib_inflate.h"
#include "detect/exchange_baselines.h"
#include "common/digest.h"
#include "support/test_support.h"

namespace shellcarve::detect {
namespace {

const std::filesystem::path kSource = SHELLCARVE_SOURCE_DIR;

std::vector<std::byte> file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto bytes = std::as_bytes(std::span(chars));
  return {bytes.begin(), bytes.end()};
}

std::vector<std::byte> small_table() { return file_bytes(kSource / "tests/data/exchange-baselines-small.bin"); }

// The small table's payload, inflated, for tests that damage it.
std::vector<std::byte> small_payload() {
  const auto file = small_table();
  const uint32_t size = static_cast<uint32_t>(load_le(std::span(file).subspan(12, 4)));
  auto payload = zlib_inflate(std::span(file).subspan(16), size, "test");
  EXPECT_TRUE(payload) << payload.error().message;
  return payload ? *payload : std::vector<std::byte>{};
}

Sha256Digest digest_of(const std::string& text) { return *parse_sha256_hex(sha256_hex(text)); }

std::vector<std::string> names_of(const ExchangeBaselines& b, std::span<const uint16_t> builds) {
  std::vector<std::string> out;
  for (const uint16_t i : builds) out.push_back(b.builds()[i]);
  return out;
}

TEST(ExchangeBaselines, SmallTableLoads) {
  auto table = ExchangeBaselines::decode(small_table());
  ASSERT_TRUE(table) << table.error().message;
  // 15.01.2176.009 in the CSV is 15.1.2176.9; builds in version order.
  EXPECT_EQ(table->builds(), (std::vector<std::string>{"15.1.2176.2", "15.1.2176.9", "15.2.858.5"}));
  // flogon.js is spelled two ways; one path, the more frequent spelling.
  EXPECT_EQ(table->path_count(), 4u);
  EXPECT_EQ(table->row_count(), 7u);
  const auto flogon = table->find_path("\\FRONTEND\\httpproxy\\OWA\\auth\\VERSION\\scripts\\premium\\flogon.js");
  ASSERT_TRUE(flogon);
  EXPECT_EQ(table->path(*flogon), "\\FrontEnd\\HttpProxy\\owa\\auth\\version\\scripts\\premium\\flogon.js");
  EXPECT_EQ(names_of(*table, table->builds_with(*flogon, digest_of("flogon 15.1.2176.9"))),
            std::vector<std::string>{"15.1.2176.9"});
  EXPECT_EQ(names_of(*table, table->builds_with(*flogon, digest_of("flogon 15.2.858.5"))),
            std::vector<std::string>{"15.2.858.5"});
  EXPECT_TRUE(table->builds_with(*flogon, digest_of("something else")).empty());
  // The row whose hash had a byte-order mark merged with its twin.
  const auto svc = table->find_path("\\ClientAccess\\Autodiscover\\Autodiscover.svc");
  ASSERT_TRUE(svc);
  EXPECT_EQ(names_of(*table, table->builds_with(*svc, digest_of("autodiscover.svc"))),
            (std::vector<std::string>{"15.1.2176.9", "15.2.858.5"}));
  EXPECT_FALSE(table->find_path("\\ClientAccess\\ecp\\web.config2"));
  EXPECT_FALSE(table->find_path("\\ClientAccess\\ecp\\web.confi"));
  EXPECT_TRUE(table->is_web_extension("aspx"));
  EXPECT_TRUE(table->is_web_extension("asp"));
  EXPECT_FALSE(table->is_web_extension("txt"));
  EXPECT_EQ(table->find_build("15.01.2176.09"), std::optional<uint16_t>(1));
  EXPECT_FALSE(table->find_build("15.2.986.5"));
}

TEST(ExchangeBaselines, ScriptRemakesTheCommittedTableByteForByte) {
  ASSERT_TRUE(test::have_tool("python3")) << "python3 not installed";
  test::TempDir dir;
  const auto out = dir / "small.bin";
  const auto run = test::run_command("python3 " + test::shell_quote((kSource / "scripts/make-exchange-baselines.py").string()) +
                                     " " + test::shell_quote((kSource / "tests/data/exchange-baselines-small.csv").string()) +
                                     " " + test::shell_quote(out.string()));
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(file_bytes(out), small_table());
}

TEST(ExchangeBaselines, NormalisesBuildNumbers) {
  EXPECT_EQ(normalise_exchange_build("15.01.1034.026"), "15.1.1034.26");
  EXPECT_EQ(normalise_exchange_build("15.2.858.5"), "15.2.858.5");
  EXPECT_EQ(normalise_exchange_build("15.0.1347.0"), "15.0.1347.0");
  EXPECT_EQ(normalise_exchange_build("15.00.0000.000"), "15.0.0.0");
  for (const char* bad : {"", "15.2.858", "15.2.858.5.1", "15.2..5", "15.2.858.x", "v15.2.858.5", "15.2.858.5 ",
                          ".15.2.858", "15.2.858.", "1.2.3.1234567890"})
    EXPECT_FALSE(normalise_exchange_build(bad)) << bad;
}

TEST(ExchangeBaselines, HeaderErrorsAreErrors) {
  const auto file = small_table();
  // Every cut of the file, header included, is an error with a message.
  for (size_t n = 0; n < file.size(); ++n) {
    auto table = ExchangeBaselines::decode(std::span(file).first(n));
    ASSERT_FALSE(table) << "cut at " << n;
    EXPECT_FALSE(table.error().message.empty());
  }
  auto bad_magic = file;
  bad_magic[0] = std::byte{'X'};
  EXPECT_EQ(ExchangeBaselines::decode(bad_magic).error().code, ErrorCode::kFormat);
  auto bad_version = file;
  bad_version[8] = std::byte{2};
  EXPECT_EQ(ExchangeBaselines::decode(bad_version).error().code, ErrorCode::kUnsupported);
  auto huge = file;
  huge[15] = std::byte{0x7F};  // payload size ~2 GiB
  EXPECT_EQ(ExchangeBaselines::decode(huge).error().code, ErrorCode::kLimit);
  auto longer = file;
  longer[12] = std::byte{static_cast<unsigned char>(std::to_integer<unsigned>(longer[12]) + 1)};
  EXPECT_FALSE(ExchangeBaselines::decode(longer));
  auto trailing = file;
  trailing.push_back(std::byte{0});
  EXPECT_EQ(ExchangeBaselines::decode(trailing).error().code, ErrorCode::kCorrupt);
  auto flipped = file;
  flipped[flipped.size() - 1] ^= std::byte{0x01};  // the Adler-32
  EXPECT_FALSE(ExchangeBaselines::decode(flipped));
}

TEST(ExchangeBaselines, PayloadErrorsAreErrors) {
  const auto payload = small_payload();
  ASSERT_TRUE(ExchangeBaselines::parse_payload(payload));
  for (size_t n = 0; n < payload.size(); ++n)
    EXPECT_FALSE(ExchangeBaselines::parse_payload(std::span(payload).first(n))) << "cut at " << n;
  // Any single byte changed gives a table or an error, never a crash (ASan and UBSan watch).
  for (size_t i = 0; i < payload.size(); ++i) {
    for (const std::byte value : {std::byte{0x00}, std::byte{0xFF}, std::byte{0x80}}) {
      auto damaged = payload;
      damaged[i] = value;
      (void)ExchangeBaselines::parse_payload(damaged);
    }
  }
}

TEST(ExchangeBaselines, CountsLargerThanTheBytesLeftAreRefused) {
  const auto payload = small_payload();
  // The build count is the first u32: 0xFFFFFFFF builds in ~400 bytes.
  auto builds = payload;
  for (size_t i = 0; i < 4; ++i) builds[i] = std::byte{0xFF};
  const auto too_many = ExchangeBaselines::parse_payload(builds);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(too_many.error().message.find("builds"), std::string::npos) << too_many.error().message;
  // The row count is 4 bytes before the 7 x 32 hashes and 7 x 2 set indices at the end.
  const size_t rows_at = payload.size() - 7 * 34 - 4;
  ASSERT_EQ(load_le(std::span(payload).subspan(rows_at, 4)), 7u);
  auto rows = payload;
  rows[rows_at + 3] = std::byte{0x10};
  const auto bad_rows = ExchangeBaselines::parse_payload(rows);
  ASSERT_FALSE(bad_rows);
  EXPECT_NE(bad_rows.error().message.find("rows"), std::string::npos) << bad_rows.error().message;
  // The last row's build set index past the sets.
  auto set = payload;
  set[set.size() - 2] = std::byte{0x40};
  const auto bad_set = ExchangeBaselines::parse_payload(set);
  ASSERT_FALSE(bad_set);
  EXPECT_NE(bad_set.error().message.find("build set"), std::string::npos) << bad_set.error().message;
}

TEST(ExchangeBaselines, LoadSaysWhichFile) {
  const auto missing = ExchangeBaselines::load("/nonexistent/exchange-baselines.bin");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("/nonexistent/exchange-baselines.bin"), std::string::npos);
}

TEST(ExchangeBaselines, ShippedTableIsFoundAndHoldsTheLists) {
  // The test binary is build/tests/shellcarve_tests: rules/ of the source tree is two up.
  const auto file = find_exchange_baselines_file();
  ASSERT_TRUE(file) << file.error().message;
  const auto start = std::chrono::steady_clock::now();
  auto table = ExchangeBaselines::load(*file);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(table) << table.error().message;
  std::cout << "[ measured ] shipped Exchange baseline table loaded in " << seconds << " s\n";
  EXPECT_EQ(table->builds().size(), 101u);
  EXPECT_EQ(table->builds().front(), "15.0.516.32");
  EXPECT_EQ(table->builds().back(), "15.2.858.5");
  EXPECT_EQ(table->path_count(), 50574u);
  EXPECT_EQ(table->row_count(), 144378u);
  // A row of the CSV: \ClientAccess\AdminApi\web.config,d99ed7f4...,15.01.1034.026 15.1.1034.33
  const auto path = table->find_path("\\ClientAccess\\AdminApi\\web.config");
  ASSERT_TRUE(path);
  const auto sha = parse_sha256_hex("d99ed7f4e06258c03cad88267126aa6efd67cfdafdbd6654544ac73218dc9de3");
  ASSERT_TRUE(sha);
  EXPECT_EQ(names_of(*table, table->builds_with(*path, *sha)),
            (std::vector<std::string>{"15.1.1034.26", "15.1.1034.33"}));
}

TEST(ExchangeBaselines, FoundThroughShellcarveRules) {
  test::TempDir dir;
  std::filesystem::copy_file(kSource / "tests/data/exchange-baselines-small.bin", dir / kExchangeBaselinesFileName);
  const char* before = std::getenv("SHELLCARVE_RULES");
  const std::optional<std::string> saved = before ? std::optional<std::string>(before) : std::nullopt;
  setenv("SHELLCARVE_RULES", dir.path().c_str(), 1);
  const auto file = find_exchange_baselines_file();
  if (saved) setenv("SHELLCARVE_RULES", saved->c_str(), 1); else unsetenv("SHELLCARVE_RULES");
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(*file, dir / kExchangeBaselinesFileName);
}

}  // namespace
}  // namespace shellcarve::detect
