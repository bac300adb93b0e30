// Planted intervals and patch verdicts for the cases the verdicts issue names, on hand-made
// $FN/$SI/journal facts (the images built by ntfs-3g have no $UsnJrnl).
#include <gtest/gtest.h>

#include "common/filetime.h"
#include "detect/planted_interval.h"
#include "ntfs/usn/usn_reasons.h"

namespace shellcarve {
namespace {

uint64_t at(const char* iso) { return *iso8601_to_filetime(iso); }

const uint64_t kInstall = at("2021-01-10T09:00:00.1111111Z");
const uint64_t kPatch = at("2021-03-04T10:00:00Z");
const uint64_t kLater = at("2021-03-10T11:00:00.2222222Z");

PatchTime patch_at(uint64_t t) {
  PatchTime patch;
  patch.filetime = t;
  patch.source = "examiner";
  return patch;
}

struct Fixture {
  ntfs::FileNameAttribute name;
  ntfs::FileNameAttribute parent;
  ntfs::StandardInformation si;
  WriteFacts facts;
  Fixture(uint64_t fn_all, ntfs::NtfsTimes si_times) {
    name.name = "page.aspx";
    name.parent = {69, 1};
    name.times = {fn_all, fn_all, fn_all, fn_all};
    parent.name = "aspnet_client";
    parent.times = {kInstall, kInstall, kInstall, kInstall};
    si.times = si_times;
    facts.entry = 100;
    facts.sequence = 1;
    facts.name = &name;
    facts.si = &si;
    facts.parent_name = &parent;
    facts.parent_entry = 69;
  }
};

TEST(PlantedInterval, FileBornAndLeftBeforeThePatchIsBefore) {
  Fixture f(kInstall, {kInstall, kInstall, kInstall, kInstall});
  const auto interval = estimate_planted_interval(f.facts);
  const auto verdict = relate_to_patch(interval, patch_at(kPatch));
  EXPECT_EQ(verdict.relation, PatchRelation::kBefore) << verdict.reason;
  EXPECT_FALSE(verdict.written_after_patch);
}

TEST(PlantedInterval, AdsAddedAfterThePatchToAnOldHostIsNeverBefore) {
  // The host was born at install; writing the ADS moved $SI M and C after the patch.
  Fixture f(kInstall, {kInstall, kLater, kLater, kInstall});
  f.facts.stream = "shell.aspx";
  f.facts.named_streams = 1;
  const auto interval = estimate_planted_interval(f.facts);
  const auto verdict = relate_to_patch(interval, patch_at(kPatch));
  EXPECT_EQ(verdict.relation, PatchRelation::kUndetermined) << verdict.reason;
  EXPECT_TRUE(verdict.written_after_patch) << verdict.written_after_reason;
  EXPECT_NE(verdict.written_after_reason.find("any stream"), std::string::npos);
}

TEST(PlantedInterval, AdsDatedByTheJournalIsAfter) {
  Fixture f(kInstall, {kInstall, kLater, kLater, kInstall});
  f.facts.stream = "shell.aspx";
  f.facts.named_streams = 1;
  f.facts.journal_present = f.facts.journal_complete = true;
  f.facts.journal_oldest = kInstall - 1000;
  const std::vector<UsnFileChange> journal{
      {kInstall, ntfs::kUsnReasonFileCreate | ntfs::kUsnReasonDataExtend, 69, "page.aspx", 10, 4096},
      {kLater, ntfs::kUsnReasonNamedDataExtend | ntfs::kUsnReasonStreamChange, 69, "page.aspx", 20, 8192}};
  f.facts.journal = &journal;
  const auto verdict = relate_to_patch(estimate_planted_interval(f.facts), patch_at(kPatch));
  EXPECT_EQ(verdict.relation, PatchRelation::kAfter) << verdict.reason;
  EXPECT_NE(verdict.reason.find("STREAM_CHANGE"), std::string::npos) << verdict.reason;
}

TEST(PlantedInterval, FileMovedInAfterThePatchIsNotBefore) {
  // Written elsewhere before the patch, moved in after it: NTFS wrote the new $FN with the
  // $SI times of that moment (C = the move), as ntfs-3g does.
  Fixture f(kInstall, {kInstall, kInstall, kLater, kInstall});
  f.name.times.mft_modification = kLater;
  const auto verdict = relate_to_patch(estimate_planted_interval(f.facts), patch_at(kPatch));
  EXPECT_EQ(verdict.relation, PatchRelation::kAfter) << verdict.reason;
}

TEST(PlantedInterval, MoveSeenOnlyInTheJournalIsAfter) {
  Fixture f(kInstall, {kInstall, kInstall, kLater, kInstall});
  f.facts.journal_present = f.facts.journal_complete = true;
  const std::vector<UsnFileChange> journal{
      {kInstall, ntfs::kUsnReasonFileCreate, 5000, "page.aspx", 10, 4096},
      {kLater, ntfs::kUsnReasonRenameNewName, 69, "page.aspx", 20, 8192}};
  f.facts.journal = &journal;
  const auto verdict = relate_to_patch(estimate_planted_interval(f.facts), patch_at(kPatch));
  EXPECT_EQ(verdict.relation, PatchRelation::kAfter) << verdict.reason;
  EXPECT_NE(verdict.reason.find("RENAME_NEW_NAME"), std::string::npos);
}

TEST(PlantedInterval, CopyWithPreservedTimesIsDatedByItsName) {
  // $SI B/M/A kept from the source (2019); $FN and $SI C are the copy.
  const uint64_t old = at("2019-05-01T12:00:00Z");
  Fixture f(kLater, {old, old, kLater, old});
  f.facts.timestomp = TimestompVerdict::kUndetermined;
  const auto interval = estimate_planted_interval(f.facts);
  EXPECT_EQ(interval.earliest, kLater);
  EXPECT_FALSE(interval.last_written) << "settable $SI M is not used once the $SI times are in doubt";
  EXPECT_EQ(relate_to_patch(interval, patch_at(kPatch)).relation, PatchRelation::kAfter);
}

TEST(PlantedInterval, PrePatchFileWrittenAfterThePatch) {
  Fixture f(kInstall, {kInstall, kLater, kLater, kInstall});
  const auto verdict = relate_to_patch(estimate_planted_interval(f.facts), patch_at(kPatch));
  EXPECT_EQ(verdict.relation, PatchRelation::kUndetermined) << verdict.reason;
  EXPECT_TRUE(verdict.written_after_patch);
}

TEST(PlantedInterval, HardLinkMadeAfterThePatch) {
  // A second name for an old file, made after the patch: that path exists since then.
  Fixture f(kInstall, {kInstall, kInstall, kLater, kInstall});
  f.facts.journal_present = f.facts.journal_complete = true;
  const std::vector<UsnFileChange> journal{{kLater, ntfs::kUsnReasonHardLinkChange, 69, "page.aspx", 20, 8192}};
  f.facts.journal = &journal;
  EXPECT_EQ(relate_to_patch(estimate_planted_interval(f.facts), patch_at(kPatch)).relation, PatchRelation::kAfter);
}

TEST(PlantedInterval, DeletedFileWithAndWithoutJournal) {
  Fixture f(kLater, {kLater, kLater, kLater, kLater});
  EXPECT_EQ(relate_to_patch(estimate_planted_interval(f.facts), patch_at(kPatch)).relation, PatchRelation::kAfter);
  // Born before the patch, deleted after; the journal shows no write after the patch.
  Fixture g(kInstall, {kInstall, kInstall, kLater, kInstall});
  g.facts.journal_present = g.facts.journal_complete = true;
  const std::vector<UsnFileChange> journal{
      {kInstall, ntfs::kUsnReasonFileCreate | ntfs::kUsnReasonDataExtend, 69, "page.aspx", 10, 4096},
      {kLater, ntfs::kUsnReasonFileDelete | ntfs::kUsnReasonClose, 69, "page.aspx", 20, 8192}};
  g.facts.journal = &journal;
  const auto verdict = relate_to_patch(estimate_planted_interval(g.facts), patch_at(kPatch));
  EXPECT_EQ(verdict.relation, PatchRelation::kBefore) << verdict.reason;
  EXPECT_FALSE(verdict.written_after_patch);
}

TEST(PlantedInterval, StompedSiChangeTimeBoundsNothing) {
  // $SI C set back before the name's own times: no upper bound, so never "before".
  const uint64_t old = at("2019-05-01T12:00:00Z");
  Fixture f(kLater, {old, old, old, old});
  f.facts.si_change_set_back = true;
  f.facts.timestomp = TimestompVerdict::kYes;
  const auto interval = estimate_planted_interval(f.facts);
  EXPECT_FALSE(interval.latest);
  EXPECT_EQ(relate_to_patch(interval, patch_at(kLater + 1)).relation, PatchRelation::kUndetermined);
}

TEST(PlantedInterval, UnknownPatchIsUndetermined) {
  Fixture f(kInstall, {kInstall, kInstall, kInstall, kInstall});
  const auto verdict = relate_to_patch(estimate_planted_interval(f.facts), PatchTime{});
  EXPECT_EQ(verdict.relation, PatchRelation::kUndetermined);
  EXPECT_EQ(verdict.reason, "the patch time is unknown");
}

}  // namespace
}  // namespace shellcarve
