// Timestomp indicators: signs that a file's $STANDARD_INFORMATION times were set back by a
// tool (SetFileTime is available to any user; $FILE_NAME times are written only by the
// kernel), each with the evidence an examiner can check by hand; and the verdict drawn from
// them for one file, once each indicator has been measured over the whole volume
// (timestomp_calibration.h): an indicator that fires on a large share of a volume's files
// describes the volume (a wrong clock at format time, a restored or cloned volume), not the
// file, and marks no file by itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ntfs/file_catalog.h"

namespace shellcarve {

enum class TimestompKind {
  kSiCreationBeforeFnCreation,   // $SI B earlier than the name's $FN B
  kSiZeroSubseconds,             // $SI B and M whole seconds, $FN's not
  kSiCreationBeforeParent,       // $SI B earlier than the parent folder's creation
  kSiCreationBeforeVolumeFormat, // $SI B earlier than the volume's format time
  kUsnCreateAfterSiCreation,     // the journal's FILE_CREATE later than $SI B
  kSiChangeBeforeFnTime,         // $SI C earlier than a time in the name's $FN
};
inline constexpr int kTimestompKindCount = 6;

// "si_creation_before_fn_creation" ...
const char* timestomp_kind_name(TimestompKind kind);

struct TimestompIndicator {
  TimestompKind kind = TimestompKind::kSiCreationBeforeFnCreation;
  std::string evidence;  // the values compared, in ISO 8601 with raw FILETIMEs
  uint64_t filetime = 0; // the suspicious $SI time
  uint64_t reference = 0; // the trusted time it was compared with (0: none)
};

struct TimestompContext {
  std::optional<uint64_t> parent_creation;  // $SI creation of the parent directory
  bool parent_is_outlier = false;           // the parent's own $SI B precedes its $FN B
  std::optional<uint64_t> volume_created;   // when the volume was formatted
  std::optional<uint64_t> usn_file_create;  // earliest USN FILE_CREATE for the entry
};

// `name` is the $FILE_NAME the file is listed under (its times are the kernel's).
std::vector<TimestompIndicator> find_timestomp_indicators(const ntfs::CatalogEntry& entry,
                                                          const ntfs::FileNameAttribute* name,
                                                          const TimestompContext& context);

enum class TimestompVerdict {
  kNo,            // no indicator about this file
  kYes,           // $SI times set back after the file arrived
  kUndetermined,  // $SI times earlier than the arrival, but set when it arrived: a copy or
                  // move keeping its times, or a stomp at arrival; or only volume-wide signs
};

struct TimestompJudgement {
  TimestompVerdict verdict = TimestompVerdict::kNo;
  std::string reason;
  std::vector<TimestompIndicator> decisive;  // the indicators the verdict rests on
  std::vector<TimestompIndicator> set_aside; // fired, but volume-wide: a volume note
};

// `noisy[k]` is true when indicator k fires on so many files of the volume that it says
// nothing about one of them (timestomp_calibration.h).
TimestompJudgement judge_timestomp(const ntfs::CatalogEntry& entry, const ntfs::FileNameAttribute* name,
                                   const std::vector<TimestompIndicator>& indicators,
                                   const bool (&noisy)[kTimestompKindCount]);

}  // namespace shellcarve
