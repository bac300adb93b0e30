#include "detect/planted_interval.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/filetime.h"
#include "ntfs/usn/usn_reasons.h"

namespace shellcarve {
namespace {

constexpr uint32_t kUnnamedDataChange =
    ntfs::kUsnReasonDataOverwrite | ntfs::kUsnReasonDataExtend | ntfs::kUsnReasonDataTruncation;
constexpr uint32_t kNamedDataChange = ntfs::kUsnReasonNamedDataOverwrite | ntfs::kUsnReasonNamedDataExtend |
                                      ntfs::kUsnReasonNamedDataTruncation;

std::string when(uint64_t filetime) { return fmt::format("{} ({})", filetime_to_iso8601(filetime), filetime); }

class IntervalBuilder {
 public:
  explicit IntervalBuilder(PlantedInterval& out) : out_(out) {}

  void not_before(uint64_t filetime, std::string fact, std::string source) {
    if (filetime == 0) return;
    out_.evidence.push_back({filetime, "earliest", fact, std::move(source)});
    if (!out_.earliest || filetime > *out_.earliest) {
      out_.earliest = filetime;
      out_.earliest_fact = std::move(fact);
    }
  }
  void there_by(uint64_t filetime, std::string fact, std::string source) {
    if (filetime == 0) return;
    out_.evidence.push_back({filetime, "latest", fact, std::move(source)});
    if (!out_.latest || filetime < *out_.latest) {
      out_.latest = filetime;
      out_.latest_fact = std::move(fact);
    }
  }
  void last_written(uint64_t filetime, std::string fact, std::string source, bool trusted) {
    if (filetime == 0) return;
    out_.evidence.push_back({filetime, "last_written", fact, std::move(source)});
    out_.last_written = filetime;
    out_.last_written_fact = std::move(fact);
    out_.last_written_trusted = trusted;
  }
  void context(uint64_t filetime, std::string fact, std::string source) {
    out_.evidence.push_back({filetime, "context", std::move(fact), std::move(source)});
  }

 private:
  PlantedInterval& out_;
};

bool at_present_name(const UsnFileChange& change, const ntfs::FileNameAttribute* name) {
  return name && change.parent_entry == name->parent.entry && change.name == name->name;
}

void add_name_facts(IntervalBuilder& b, const WriteFacts& f) {
  if (f.name) {
    const ntfs::NtfsTimes& fn = f.name->times;
    const std::string source = fmt::format("MFT entry {}-{} $FILE_NAME '{}' at image offset {}", f.entry,
                                           f.sequence, f.name->name, f.name->image_offset);
    b.not_before(fn.creation, "$FN creation: the name was written no earlier", source);
    // The name was written no earlier than any time it holds (they are the clock, or copies
    // of $SI, at that moment); later than its creation means it was renamed, moved or linked.
    const uint64_t fn_latest = std::max({fn.modification, fn.mft_modification, fn.access});
    if (fn_latest > fn.creation)
      b.not_before(fn_latest, "latest time in $FN: the name was written (renamed, moved or linked) no earlier",
                   source);
  }
  if (f.parent_name && f.parent_name->times.creation != 0)
    b.not_before(f.parent_name->times.creation,
                 fmt::format("$FN creation of the parent folder '{}': the path did not exist before",
                             f.parent_name->name),
                 fmt::format("MFT entry {} $FILE_NAME at image offset {}", f.parent_entry,
                             f.parent_name->image_offset));
}

void add_journal_facts(IntervalBuilder& b, const WriteFacts& f) {
  if (!f.journal_present) return;
  if (!f.journal) {
    if (f.journal_complete && f.journal_oldest)
      b.there_by(*f.journal_oldest,
                 "no journal record of this file: not created, written or moved since the journal's "
                 "oldest record",
                 "$UsnJrnl:$J");
    return;
  }
  const uint32_t content_mask = f.stream.empty() ? kUnnamedDataChange : kNamedDataChange;
  bool saw_create = false;
  const UsnFileChange* last_content = nullptr;
  const UsnFileChange* last_arrival = nullptr;
  const UsnFileChange* first_named = nullptr;
  for (const UsnFileChange& change : *f.journal) {
    const std::string source =
        fmt::format("$UsnJrnl:$J usn={} at image offset {}", change.usn, change.image_offset);
    const std::string reasons = ntfs::usn_reasons_to_string(change.reason);
    if (change.reason & ntfs::kUsnReasonFileCreate) {
      saw_create = true;
      last_arrival = &change;
      b.not_before(change.filetime, "USN " + reasons + ": the file was created", source);
    }
    if ((change.reason & (ntfs::kUsnReasonRenameNewName | ntfs::kUsnReasonHardLinkChange)) &&
        at_present_name(change, f.name)) {
      last_arrival = &change;
      b.not_before(change.filetime, "USN " + reasons + ": given its present name and folder", source);
    }
    if (change.reason & content_mask) last_content = &change;
    if (!first_named && (change.reason & (kNamedDataChange | ntfs::kUsnReasonStreamChange))) first_named = &change;
    if (change.reason & ntfs::kUsnReasonFileDelete) b.there_by(change.filetime, "USN " + reasons + ": deleted", source);
  }
  // A file's only named stream cannot predate the first named-stream record, once the
  // journal has seen the file from its creation.
  if (!f.stream.empty() && f.named_streams == 1 && saw_create && first_named)
    b.not_before(first_named->filetime,
                 "USN " + ntfs::usn_reasons_to_string(first_named->reason) +
                     ": first named-stream change, the journal holding the file since its creation",
                 fmt::format("$UsnJrnl:$J usn={} at image offset {}", first_named->usn, first_named->image_offset));
  if (last_content)
    b.last_written(last_content->filetime,
                   "USN " + ntfs::usn_reasons_to_string(last_content->reason) +
                       (f.stream.empty() ? ": last write of the file's data in the journal"
                                         : ": last write of a named stream in the journal"),
                   fmt::format("$UsnJrnl:$J usn={} at image offset {}", last_content->usn, last_content->image_offset),
                   true);
  if (!f.journal_complete) return;
  const UsnFileChange* last = last_content;
  if (last_arrival && (!last || last_arrival->filetime > last->filetime)) last = last_arrival;
  if (last)
    b.there_by(last->filetime, "USN: no later write, creation or move of this file in the journal",
               fmt::format("$UsnJrnl:$J usn={} at image offset {}", last->usn, last->image_offset));
  else if (f.journal_oldest)
    b.there_by(*f.journal_oldest,
               "the journal records no write, creation or move of this file since its oldest record",
               "$UsnJrnl:$J");
}

void add_standard_information_facts(IntervalBuilder& b, const WriteFacts& f, PlantedInterval& out) {
  if (!f.si) return;
  const ntfs::NtfsTimes& si = f.si->times;
  const std::string source =
      fmt::format("MFT entry {}-{} $STANDARD_INFORMATION at image offset {}", f.entry, f.sequence, f.si_offset);
  if (si.mft_modification != 0) {
    if (f.si_change_set_back)
      b.context(si.mft_modification, "$SI MFT change not used: it is earlier than a $FN time (set back)", source);
    else
      b.there_by(si.mft_modification,
                 "$SI MFT change: every write to a stream, rename, move or link of the file sets it", source);
  }
  if (f.timestomp != TimestompVerdict::kNo) {
    b.context(si.modification, "$SI modification not used: the file's $SI times are in doubt (timestomp)", source);
    return;
  }
  if (!out.last_written)
    b.last_written(si.modification,
                   f.stream.empty() ? "$SI modification: the file's data last written"
                                    : "$SI modification: the last write to any stream of the file",
                   source, false);
}

}  // namespace

PlantedInterval estimate_planted_interval(const WriteFacts& facts) {
  PlantedInterval out;
  IntervalBuilder builder(out);
  add_name_facts(builder, facts);
  add_journal_facts(builder, facts);
  add_standard_information_facts(builder, facts, out);
  // Bounds that contradict each other (a clock set back, times forged in both attributes)
  // prove nothing about the order: keep the lower bound, drop the upper one, and say so.
  if (out.earliest && out.latest && *out.latest < *out.earliest) {
    builder.context(*out.latest,
                    fmt::format("upper bound dropped: '{}' is earlier than '{}'", out.latest_fact, out.earliest_fact),
                    "consistency check");
    out.latest.reset();
    out.latest_fact.clear();
  }
  return out;
}

PatchVerdict relate_to_patch(const PlantedInterval& interval, const PatchTime& patch) {
  PatchVerdict verdict;
  if (!patch.filetime) {
    verdict.reason = "the patch time is unknown";
    return verdict;
  }
  const uint64_t patched = *patch.filetime;
  if (interval.earliest && *interval.earliest > patched) {
    verdict.relation = PatchRelation::kAfter;
    verdict.reason = fmt::format("not there before {} ({}), after the patch at {}", when(*interval.earliest),
                                 interval.earliest_fact, when(patched));
  } else if (interval.latest && *interval.latest < patched) {
    verdict.relation = PatchRelation::kBefore;
    verdict.reason = fmt::format("there by {} ({}), before the patch at {}", when(*interval.latest),
                                 interval.latest_fact, when(patched));
  } else if (!interval.latest) {
    verdict.reason = fmt::format("no trustworthy upper bound on when it came; not there before {}",
                                 interval.earliest ? when(*interval.earliest) : std::string("(unknown)"));
  } else {
    verdict.reason = fmt::format("it came between {} and {}, and the patch at {} lies between",
                                 interval.earliest ? when(*interval.earliest) : std::string("(unknown)"),
                                 when(*interval.latest), when(patched));
  }
  if (verdict.relation != PatchRelation::kAfter && interval.last_written && *interval.last_written > patched) {
    verdict.written_after_patch = true;
    verdict.written_after_reason = fmt::format("{} at {}, after the patch{}", interval.last_written_fact,
                                               when(*interval.last_written),
                                               interval.last_written_trusted ? "" : " (a settable $SI time)");
  }
  return verdict;
}

}  // namespace shellcarve
