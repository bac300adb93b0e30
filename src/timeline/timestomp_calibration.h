// Timestomp calibration: every indicator measured over the whole volume before any file is
// judged. On real servers some indicators fire on most files for reasons of the volume
// (the clock was wrong when it was formatted; it was restored, cloned or deployed from an
// image; an installer kept whole-second times), and such an indicator says nothing about one
// file. Each one that fires on a large share of the volume is reported once as a volume note
// and set aside in every file's verdict (timestomp.h).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "timeline/timestomp.h"
#include "timeline/usn_events.h"

namespace shellcarve {

struct IndicatorRate {
  uint64_t examined = 0;  // names the indicator could be computed for
  uint64_t fired = 0;
};

struct TimestompCalibration {
  std::array<IndicatorRate, kTimestompKindCount> rates{};
  bool noisy[kTimestompKindCount] = {};
  std::vector<std::string> notes;  // one per noisy indicator, for the manifest and stderr
  // The verdicts given to the names in scope (filled as the timeline is built).
  uint64_t judged = 0, judged_yes = 0, judged_undetermined = 0;
};

// An indicator is "volume-wide" when it fires on at least this share of the names it was
// computed for, and on at least kNoisyMinimumFiles of them (a few stomped files on a tiny
// volume are not a volume trait).
inline constexpr double kNoisyShare = 0.10;
inline constexpr uint64_t kNoisyMinimumFiles = 10;

// When the volume was formatted: the creation time of $Volume (entry 3), falling back to
// its $FILE_NAME when ntfs-3g left $STANDARD_INFORMATION at zero.
std::optional<uint64_t> volume_format_time(const ntfs::FileCatalog& catalog);

// What the indicators of `entry` listed under `name` are compared with.
TimestompContext timestomp_context_of(const ntfs::FileCatalog& catalog, const ntfs::CatalogEntry& entry,
                                      const ntfs::FileNameAttribute* name, const UsnTimeline* usn,
                                      std::optional<uint64_t> format_time);

// Every live name of the volume (NTFS's own files, entries 0-15, aside).
TimestompCalibration calibrate_timestomp(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                                         const UsnTimeline* usn);

}  // namespace shellcarve
