// Per-file timestomp verdicts weighed against the volume: a stomp after arrival, a copy
// that kept its times, and indicators that fire across the whole volume.
#include <gtest/gtest.h>

#include "common/filetime.h"
#include "timeline/timestomp.h"

namespace shellcarve {
namespace {

uint64_t at(const char* iso) { return *iso8601_to_filetime(iso); }

struct File {
  ntfs::CatalogEntry entry;
  ntfs::FileNameAttribute name;
  File(ntfs::NtfsTimes si, ntfs::NtfsTimes fn) {
    entry.standard_information = ntfs::StandardInformation{};
    entry.standard_information->times = si;
    name.name = "x.aspx";
    name.times = fn;
  }
};

constexpr bool kQuiet[kTimestompKindCount] = {};

TEST(TimestompVerdict, SetBackLongAfterArrivalIsYes) {
  const uint64_t born = at("2021-03-03T03:25:10.5050505Z");
  const uint64_t old = at("2019-06-15T12:34:56.7891234Z");
  File f({old, old, at("2021-03-04T09:00:00.1212121Z"), old}, {born, born, born, born});
  const auto indicators = find_timestomp_indicators(f.entry, &f.name, {});
  const auto judgement = judge_timestomp(f.entry, &f.name, indicators, kQuiet);
  EXPECT_EQ(judgement.verdict, TimestompVerdict::kYes) << judgement.reason;
}

TEST(TimestompVerdict, TimesSetWhenTheFileArrivedIsUndetermined) {
  const uint64_t copied = at("2021-03-10T11:10:00.3333333Z");
  const uint64_t old = at("2019-05-01T12:00:00Z");
  File f({old, old, copied + 2 * kFiletimeTicksPerSecond, old}, {copied, copied, copied, copied});
  const auto indicators = find_timestomp_indicators(f.entry, &f.name, {});
  ASSERT_FALSE(indicators.empty());
  const auto judgement = judge_timestomp(f.entry, &f.name, indicators, kQuiet);
  EXPECT_EQ(judgement.verdict, TimestompVerdict::kUndetermined) << judgement.reason;
}

TEST(TimestompVerdict, VolumeWideIndicatorMarksNoFile) {
  const uint64_t t = at("2021-01-10T09:00:00.1111111Z");
  File f({t, t, t, t}, {t, t, t, t});
  TimestompContext context;
  context.volume_created = at("2021-06-01T08:00:00Z");  // formatted "after" its files
  const auto indicators = find_timestomp_indicators(f.entry, &f.name, context);
  ASSERT_EQ(indicators.size(), 1u);
  bool noisy[kTimestompKindCount] = {};
  noisy[static_cast<int>(TimestompKind::kSiCreationBeforeVolumeFormat)] = true;
  const auto judgement = judge_timestomp(f.entry, &f.name, indicators, noisy);
  EXPECT_EQ(judgement.verdict, TimestompVerdict::kNo);
  EXPECT_EQ(judgement.set_aside.size(), 1u);
  // Alone and rare, the volume's format time still decides nothing about the file.
  EXPECT_EQ(judge_timestomp(f.entry, &f.name, indicators, kQuiet).verdict, TimestompVerdict::kUndetermined);
}

TEST(TimestompVerdict, ChangeTimeBeforeTheNameDecidesNothing) {
  const uint64_t born = at("2021-03-10T11:00:00.5Z");
  const uint64_t old = at("2020-01-01T00:00:00.1234567Z");
  File f({born, born, old, born}, {born, born, born, born});
  const auto indicators = find_timestomp_indicators(f.entry, &f.name, {});
  ASSERT_EQ(indicators.size(), 1u);
  EXPECT_EQ(indicators[0].kind, TimestompKind::kSiChangeBeforeFnTime);
  // Fires on untouched real volumes (docs/timestomp.md): it only stops $SI C dating.
  const auto judgement = judge_timestomp(f.entry, &f.name, indicators, kQuiet);
  EXPECT_EQ(judgement.verdict, TimestompVerdict::kNo);
  EXPECT_EQ(judgement.set_aside.size(), 1u);
}

}  // namespace
}  // namespace shellcarve
