// Replays the committed seed corpora (tests/fuzz/corpus/<target>/) through every fuzz
// target as ordinary gcc tests, so the inputs the fuzzer found interesting (and any crash
// saved there as a regression sample) keep being checked without clang.
#define SHELLCARVE_FUZZ_IN_TESTS
#include "fuzz/fuzz_application_host.cpp"
#include "fuzz/fuzz_attribute_list.cpp"
#include "fuzz/fuzz_boot_sector.cpp"
#include "fuzz/fuzz_content_cut.cpp"
#include "fuzz/fuzz_data_runs.cpp"
#include "fuzz/fuzz_deobfuscate.cpp"
#include "fuzz/fuzz_ewf_sections.cpp"
#include "fuzz/fuzz_exchange_baselines.cpp"
#include "fuzz/fuzz_index_record.cpp"
#include "fuzz/fuzz_lznt1.cpp"
#include "fuzz/fuzz_mft_record.cpp"
#include "fuzz/fuzz_path_resolution.cpp"
#include "fuzz/fuzz_usn_records.cpp"
#include "fuzz/fuzz_writers.cpp"
#include "fuzz/fuzz_record_carver.cpp"
#include "fuzz/fuzz_pe_version.cpp"
#include "fuzz/fuzz_setup_log.cpp"
#include "fuzz/fuzz_text_decoding.cpp"
#include "fuzz/fuzz_reparse_point.cpp"
#include "fuzz/fuzz_evtx.cpp"
#include "fuzz/fuzz_json_reader.cpp"
#include "fuzz/fuzz_w3c_log.cpp"
#include "fuzz/fuzz_exchange_csv_log.cpp"
#include "fuzz/fuzz_vss.cpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

using Target = int (*)(const uint8_t*, size_t);

size_t replay_corpus(const char* name, Target target) {
  const std::filesystem::path dir =
      std::filesystem::path(SHELLCARVE_SOURCE_DIR) / "tests/fuzz/corpus" / name;
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::vector<uint8_t> data(chars.begin(), chars.end());
    target(data.data(), data.size());
    ++count;
  }
  return count;
}

TEST(FuzzReplay, MftRecord) { EXPECT_GT(replay_corpus("mft_record", shellcarve_fuzz_mft_record), 0u); }
TEST(FuzzReplay, DataRuns) { EXPECT_GT(replay_corpus("data_runs", shellcarve_fuzz_data_runs), 0u); }
TEST(FuzzReplay, AttributeList) {
  EXPECT_GT(replay_corpus("attribute_list", shellcarve_fuzz_attribute_list), 0u);
}
TEST(FuzzReplay, IndexRecord) { EXPECT_GT(replay_corpus("index_record", shellcarve_fuzz_index_record), 0u); }
TEST(FuzzReplay, BootSector) { EXPECT_GT(replay_corpus("boot_sector", shellcarve_fuzz_boot_sector), 0u); }
TEST(FuzzReplay, RecordCarver) {
  EXPECT_GT(replay_corpus("record_carver", shellcarve_fuzz_record_carver), 0u);
}

TEST(FuzzReplay, ContentCut) { EXPECT_GT(replay_corpus("content_cut", shellcarve_fuzz_content_cut), 0u); }
TEST(FuzzReplay, UsnRecords) { EXPECT_GT(replay_corpus("usn_records", shellcarve_fuzz_usn_records), 0u); }
TEST(FuzzReplay, PathResolution) {
  EXPECT_GT(replay_corpus("path_resolution", shellcarve_fuzz_path_resolution), 0u);
}
TEST(FuzzReplay, Lznt1) { EXPECT_GT(replay_corpus("lznt1", shellcarve_fuzz_lznt1), 0u); }
TEST(FuzzReplay, ExchangeBaselines) {
  EXPECT_GT(replay_corpus("exchange_baselines", shellcarve_fuzz_exchange_baselines), 0u);
}

TEST(FuzzReplay, TextDecoding) {
  EXPECT_GT(replay_corpus("text_decoding", shellcarve_fuzz_text_decoding), 0u);
}
TEST(FuzzReplay, Writers) { EXPECT_GT(replay_corpus("writers", shellcarve_fuzz_writers), 0u); }
TEST(FuzzReplay, PeVersion) { EXPECT_GT(replay_corpus("pe_version", shellcarve_fuzz_pe_version), 0u); }
TEST(FuzzReplay, ReparsePoint) {
  EXPECT_GT(replay_corpus("reparse_point", shellcarve_fuzz_reparse_point), 0u);
}
TEST(FuzzReplay, SetupLog) { EXPECT_GT(replay_corpus("setup_log", shellcarve_fuzz_setup_log), 0u); }
TEST(FuzzReplay, EwfSections) { EXPECT_GT(replay_corpus("ewf_sections", shellcarve_fuzz_ewf_sections), 0u); }
TEST(FuzzReplay, Evtx) { EXPECT_GT(replay_corpus("evtx", shellcarve_fuzz_evtx), 0u); }

TEST(FuzzReplay, ApplicationHost) {
  EXPECT_GT(replay_corpus("application_host", shellcarve_fuzz_application_host), 0u);
}

TEST(FuzzReplay, JsonReader) { EXPECT_GT(replay_corpus("json_reader", shellcarve_fuzz_json_reader), 0u); }
TEST(FuzzReplay, W3cLog) { EXPECT_GT(replay_corpus("w3c_log", shellcarve_fuzz_w3c_log), 0u); }
TEST(FuzzReplay, ExchangeCsvLog) {
  EXPECT_GT(replay_corpus("exchange_csv_log", shellcarve_fuzz_exchange_csv_log), 0u);
}
TEST(FuzzReplay, Vss) { EXPECT_GT(replay_corpus("vss", shellcarve_fuzz_vss), 0u); }
TEST(FuzzReplay, Deobfuscate) { EXPECT_GT(replay_corpus("deobfuscate", shellcarve_fuzz_deobfuscate), 0u); }

TEST(FuzzReplay, EmptyAndTinyInputs) {
  const uint8_t zeros[64] = {};
  for (size_t n = 0; n <= sizeof zeros; ++n) {
    shellcarve_fuzz_mft_record(zeros, n);
    shellcarve_fuzz_data_runs(zeros, n);
    shellcarve_fuzz_attribute_list(zeros, n);
    shellcarve_fuzz_index_record(zeros, n);
    shellcarve_fuzz_boot_sector(zeros, n);
    shellcarve_fuzz_usn_records(zeros, n);
    shellcarve_fuzz_path_resolution(zeros, n);
    shellcarve_fuzz_lznt1(zeros, n);
    shellcarve_fuzz_exchange_baselines(zeros, n);
    shellcarve_fuzz_writers(zeros, n);
    shellcarve_fuzz_record_carver(zeros, n);
    shellcarve_fuzz_content_cut(zeros, n);
    shellcarve_fuzz_pe_version(zeros, n);
    shellcarve_fuzz_setup_log(zeros, n);
    shellcarve_fuzz_text_decoding(zeros, n);
    shellcarve_fuzz_application_host(zeros, n);
    shellcarve_fuzz_ewf_sections(zeros, n);
    shellcarve_fuzz_json_reader(zeros, n);
    shellcarve_fuzz_w3c_log(zeros, n);
    shellcarve_fuzz_exchange_csv_log(zeros, n);
    shellcarve_fuzz_deobfuscate(zeros, n);
  }
}

}  // namespace
