// The analysis `timeline` and `scan` share: open the NTFS volume, scan $MFT, place every
// name, choose the web roots, replay $UsnJrnl and build the web-root timeline, collecting
// every warning for the manifest; and the manifest fields every output set carries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "carve/index_events.h"
#include "carve/record_scan.h"
#include "cli/volume_selection.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "report/manifest.h"
#include "timeline/event_builder.h"
#include "timeline/usn_events.h"
#include "timeline/webroots.h"

namespace shellcarve::cli {

struct VolumeAnalysis {
  OpenedVolume opened;
  ntfs::FileCatalog catalog;
  ntfs::DirectoryTree tree;
  WebRootSelection webroots;
  UsnTimeline usn;  // its events are in `timeline` (emptied here once copied there)
  WebTimeline timeline;
  bool carved = false;                  // the carving passes ran (not --no-carve)
  carve::IndexSlackTimeline i30_slack;  // counts; its events are in `timeline`
  carve::RecordCarving records;         // carved FILE/INDX records; events in `timeline`
  std::vector<std::string> warnings;
};

struct AnalysisOptions {
  bool carve = true;  // recover names and records outside the live file system (--no-carve)
};

// `webroots` as given to --webroots: empty or {"auto"}, {"all"}, or volume paths.
Result<VolumeAnalysis> analyze_volume(const std::string& image_path,
                                      std::optional<uint32_t> partition,
                                      const std::vector<std::string>& webroots,
                                      const AnalysisOptions& options = {});

// One line for the summary on stderr: what carving recovered ("" when it did not run).
std::string carving_summary(const VolumeAnalysis& analysis);

// What the image could not give so far (EWF chunks failing their checksum, read as
// zeros), one warning each, taken from the image's damage log: "image damage at byte ...".
std::vector<std::string> take_image_damage_warnings(Image& image);

// Image identity (hashing the media unless `hash` is false), examiner and case (options
// first, else the E01's), command line and web roots. The warnings include the image damage
// met while reading for the analysis and the outputs, taken before the hashing pass.
Status fill_manifest(RunManifest& manifest, VolumeAnalysis& analysis, bool hash,
                     const std::optional<std::string>& examiner,
                     const std::optional<std::string>& case_number,
                     const std::string& command_line);

}  // namespace shellcarve::cli
