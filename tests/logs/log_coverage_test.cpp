// Coverage per family (first/last day, gaps, deleted and unreadable logs) and the content
// signatures of the suspicious-file check.
#include <gtest/gtest.h>

#include <cstring>

#include "common/filetime.h"
#include "logs/log_coverage.h"
#include "logs/suspicious_files.h"

namespace shellcarve::logs {
namespace {

TEST(LogCoverage, FirstLastDayAndGaps) {
  CoverageBuilder builder;
  for (const char* time : {"2021-03-01T10:00:00Z", "2021-03-02T23:59:59.9999999Z", "2021-03-05T00:00:00Z",
                           "2021-03-09T08:00:00Z"})
    builder.add_row(LogFamily::kIis, *iso8601_to_filetime(time));
  LogFileSummary deleted;
  deleted.family = LogFamily::kIis;
  deleted.file.path = "/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log";
  deleted.file.deleted = true;
  deleted.error = "deleted; its clusters now belong to another file (not read)";
  builder.add_file(deleted);
  const auto coverage = builder.finish();
  ASSERT_EQ(coverage.size(), 1u);
  const FamilyCoverage& iis = coverage[0];
  EXPECT_EQ(day_text(*iis.first_day), "2021-03-01");
  EXPECT_EQ(day_text(*iis.last_day), "2021-03-09");
  ASSERT_EQ(iis.gaps.size(), 2u);
  EXPECT_EQ(day_text(iis.gaps[0].first_day), "2021-03-03");
  EXPECT_EQ(day_text(iis.gaps[0].last_day), "2021-03-04");
  EXPECT_EQ(day_text(iis.gaps[1].first_day), "2021-03-06");
  EXPECT_EQ(day_text(iis.gaps[1].last_day), "2021-03-08");
  EXPECT_EQ(iis.deleted_files, std::vector<std::string>{deleted.file.path});
  EXPECT_EQ(iis.unreadable_files.size(), 1u);
}

TEST(SuspiciousFiles, ContentSignatures) {
  const auto signature = [](std::string_view bytes) {
    return std::string(content_signature(std::span<const std::byte>(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size())));
  };
  EXPECT_EQ(signature(std::string_view("MDMP\x93\xa7\0\0", 8)), "MDMP minidump signature");
  EXPECT_EQ(signature(std::string_view("7z\xbc\xaf\x27\x1c\0\4", 8)), "7-Zip signature");
  EXPECT_EQ(signature("PK\x03\x04rest"), "ZIP signature");
  EXPECT_EQ(signature(std::string_view("Rar!\x1a\x07\x01\0", 8)), "RAR signature");
  EXPECT_EQ(signature("!BDNxxxx"), "PST signature (!BDN)");
  EXPECT_EQ(signature("MDM"), "");
  EXPECT_EQ(signature("<%@ Page"), "");
}

}  // namespace
}  // namespace shellcarve::logs
