#include "timeline/timestomp.h"

#include <fmt/format.h>

#include "common/filetime.h"

namespace shellcarve {
namespace {

std::string show(uint64_t filetime) {
  return fmt::format("{} ({})", filetime_to_iso8601(filetime), filetime);
}

}  // namespace

std::vector<TimestompIndicator> find_timestomp_indicators(const ntfs::CatalogEntry& entry,
                                                          const ntfs::FileNameAttribute* name,
                                                          const TimestompContext& context) {
  std::vector<TimestompIndicator> found;
  if (!entry.standard_information) return found;
  const ntfs::NtfsTimes& si = entry.standard_information->times;
  if (si.creation == 0) return found;
  if (name && name->times.creation != 0 && si.creation < name->times.creation)
    found.push_back({"si_creation_before_fn_creation",
                     fmt::format("$SI creation {} is earlier than $FN creation {} of '{}'",
                                 show(si.creation), show(name->times.creation), name->name),
                     si.creation});
  // Tools that set times through SetFileTime with second precision leave the seven
  // sub-second digits zero; the kernel's own times almost never are.
  if (name && filetime_subsecond(si.creation) == 0 && filetime_subsecond(si.modification) == 0 &&
      (filetime_subsecond(name->times.creation) != 0 || filetime_subsecond(name->times.modification) != 0))
    found.push_back({"si_zero_subseconds",
                     fmt::format("$SI creation {} and modification {} have no sub-second part; "
                                 "$FN creation {} does",
                                 show(si.creation), show(si.modification),
                                 show(name->times.creation)),
                     si.creation});
  if (context.parent_creation && si.creation < *context.parent_creation)
    found.push_back({"si_creation_before_parent_creation",
                     fmt::format("$SI creation {} is earlier than the parent directory's "
                                 "creation {}",
                                 show(si.creation), show(*context.parent_creation)),
                     si.creation});
  if (context.volume_created && si.creation < *context.volume_created)
    found.push_back({"si_creation_before_volume_format",
                     fmt::format("$SI creation {} is earlier than the volume's format time {}",
                                 show(si.creation), show(*context.volume_created)),
                     si.creation});
  if (context.usn_file_create && *context.usn_file_create > si.creation + kFiletimeTicksPerSecond)
    found.push_back({"usn_create_after_si_creation",
                     fmt::format("USN FILE_CREATE at {} is later than $SI creation {}",
                                 show(*context.usn_file_create), show(si.creation)),
                     si.creation});
  return found;
}

}  // namespace shellcarve
