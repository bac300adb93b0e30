// The analysis `timeline` and `scan` share, one NTFS volume at a time: scan $MFT, place
// every name, choose the web roots, replay $UsnJrnl and build the web-root timeline
// (each event naming its partition), collecting every warning for the manifest; and the
// manifest fields every output set carries, per volume.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "carve/index_events.h"
#include "carve/record_scan.h"
#include "case/volume_selection.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/index_paths.h"
#include "report/manifest.h"
#include "timeline/event_builder.h"
#include "timeline/reparse_roots.h"
#include "timeline/usn_events.h"
#include "timeline/webroots.h"

namespace shellcarve {

struct VolumeAnalysis {
  Partition partition;
  // The VSS store analysed (1-based) and its snapshot time; 0 for the live volume. Every
  // event is stamped with both.
  uint32_t store = 0;
  uint64_t store_time = 0;
  const ntfs::NtfsVolume* volume = nullptr;  // owned by the OpenedImage it came from
  ntfs::FileCatalog catalog;
  ntfs::DirectoryTree tree;
  WebRootSelection webroots;
  ReparseScope reparse;              // junctions and symlinks met in the roots (roots added)
  ntfs::IndexPathCheck index_paths;  // names the $I30 indexes place elsewhere than their $FN
  UsnTimeline usn;  // its events are in `timeline` (emptied here once copied there)
  WebTimeline timeline;
  bool carved = false;                  // the carving passes ran (not --no-carve)
  carve::IndexSlackTimeline i30_slack;  // counts; its events are in `timeline`
  carve::RecordCarving records;         // carved FILE/INDX records; events in `timeline`
  std::vector<std::string> warnings;
};

struct AnalysisOptions {
  bool carve = true;  // recover names and records outside the live file system (--no-carve)
  // Put "partition N: " before each warning (more than one volume is examined).
  bool name_partition_in_warnings = false;
  // --vss: the stores of each volume analysed after it, like volumes of their own (their
  // carving passes do not run: a store's free space is mostly the live volume's).
  StoreSelection stores;
};

// "partition N" or "partition N vssK": how warnings and manifest keys name a view.
std::string view_name(const VolumeAnalysis& analysis);

// How --webroots was given: empty or {"auto"}, {"all"}, or volume paths.
WebRootMode webroot_mode_of(const std::vector<std::string>& webroots);

Result<VolumeAnalysis> analyze_volume(const PartitionVolume& volume,
                                      const std::vector<std::string>& webroots,
                                      const AnalysisOptions& options = {});
// A VSS store's volume, analysed the same way (no carving); events and warnings name it.
Result<VolumeAnalysis> analyze_store(const StoreVolume& store, const std::vector<std::string>& webroots,
                                     const AnalysisOptions& options = {});

// Places every name and chooses the web roots: the $FN tree, the roots, the folders reached
// through their reparse points, then the directory indexes on the way to and inside the
// roots; when an index places a name elsewhere the tree is rebuilt and the roots chosen
// again. Fills tree, webroots, reparse and index_paths; warnings appended to `warnings`.
void place_names_and_roots(const ntfs::NtfsVolume& volume, const std::vector<std::string>& webroots,
                           VolumeAnalysis& analysis);

// Every NTFS volume of an image (or --partition N) analysed in turn, each released once
// its events are taken (`timeline`): the events of all volumes in one sorted list.
struct ImageAnalysis {
  OpenedImage opened;
  std::vector<std::string> store_warnings;  // stores not read, damaged VSS catalogs
  std::vector<VolumeAnalysis> volumes;  // released (release_volume_structures), events moved out
  std::vector<TimelineEvent> events;
};
Result<ImageAnalysis> analyze_image(const std::string& image_path, std::optional<uint32_t> partition,
                                    const std::vector<std::string>& webroots, const AnalysisOptions& options = {});

// Frees what only the analysis and the hunt need (catalog, tree, the files in scope): on
// a disk with several large volumes only one is held at a time. Counts, web roots and
// events stay.
void release_volume_structures(VolumeAnalysis& analysis);

// Moves `more` to the end of `events` (taking the array whole when `events` is empty, so
// no second copy of a volume's events is made).
void append_events(std::vector<TimelineEvent>& events, std::vector<TimelineEvent>&& more);

// One line for the summary on stderr: what carving recovered ("" when it did not run).
std::string carving_summary(const VolumeAnalysis& analysis);

// What the image could not give so far (EWF chunks failing their checksum, read as
// zeros), one warning each, taken from the image's damage log: "image damage at byte ...".
std::vector<std::string> take_image_damage_warnings(Image& image);

// The manifest fields of one examined volume, each key under "partition.N." (web roots,
// $UsnJrnl, carving counts), and its warnings appended to the manifest's.
void add_volume_to_manifest(RunManifest& manifest, const VolumeAnalysis& analysis);

// Image identity (hashing the media unless `hash` is false), examiner and case (options
// first, else the E01's), command line and the partitions examined. The warnings start
// with the image's (partitions not opened) and the image damage met while reading so far,
// taken before the hashing pass. Volumes are added with add_volume_to_manifest.
Status fill_manifest(RunManifest& manifest, OpenedImage& opened, bool hash,
                     const std::optional<std::string>& examiner,
                     const std::optional<std::string>& case_number,
                     const std::string& command_line);

}  // namespace shellcarve
