// Building the timeline of the web roots: for every name in scope, the four
// $STANDARD_INFORMATION times (per stream, as fls lists them) and the four times of its
// own $FILE_NAME, each an event with its provenance; timestomp indicators as events of
// their own. Deleted files count when their last known path is inside a web root.
#pragma once

#include <vector>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "timeline/event.h"
#include "timeline/timestomp.h"
#include "timeline/timestomp_calibration.h"
#include "timeline/usn_events.h"
#include "timeline/webroots.h"

namespace shellcarve {

struct FileInScope {
  uint64_t entry = 0;
  size_t placed_index = 0;  // into DirectoryTree::names
  InternedText webroot;  // interned: every file of a root names it
  std::vector<TimestompIndicator> timestomp;  // every indicator that fired
  TimestompJudgement judgement;              // the verdict, volume-wide indicators set aside
};

struct WebTimeline {
  std::vector<TimelineEvent> events;  // sorted
  std::vector<FileInScope> files;     // every name in scope, in tree order
  TimestompCalibration calibration;   // each indicator over the whole volume
};

// Appends one event per set time of `times` (M, A, C, B; a zero FILETIME was never set and
// gives none), each a copy of `base` described as "<prefix> Modification" ...; `note` ends
// every message (e.g. where a carved structure was found).
void append_time_events(std::vector<TimelineEvent>& events, const TimelineEvent& base,
                        const ntfs::NtfsTimes& times, const std::string& prefix,
                        const std::string& note = "");

// `usn` (may be null) adds the journal's events and its FILE_CREATE times to the indicators.
WebTimeline build_web_timeline(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                               const WebRootSelection& webroots, const UsnTimeline* usn = nullptr);

}  // namespace shellcarve
