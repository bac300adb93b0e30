// Timestomp indicators: signs that a file's $STANDARD_INFORMATION times were set back by a
// tool (SetFileTime is available to any user; $FILE_NAME times are written only by the
// kernel), each with the evidence an examiner can check by hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ntfs/file_catalog.h"

namespace shellcarve {

struct TimestompIndicator {
  std::string kind;      // "si_creation_before_fn_creation", "si_zero_subseconds", ...
  std::string evidence;  // the values compared, in ISO 8601 with raw FILETIMEs
  uint64_t filetime = 0; // the suspicious $SI time
};

struct TimestompContext {
  std::optional<uint64_t> parent_creation;  // $SI creation of the parent directory
  std::optional<uint64_t> volume_created;   // when the volume was formatted
  std::optional<uint64_t> usn_file_create;  // earliest USN FILE_CREATE for the entry
};

// `name` is the $FILE_NAME the file is listed under (its times are the kernel's).
std::vector<TimestompIndicator> find_timestomp_indicators(const ntfs::CatalogEntry& entry,
                                                          const ntfs::FileNameAttribute* name,
                                                          const TimestompContext& context);

}  // namespace shellcarve
