// When was the flagged content planted: the interval in which it came to be where it is
// now (written there, or moved, copied or linked in), each bound resting on named facts
// from the $MFT and the change journal, and when it was last written. The verdicts built on
// it (relative to the patch, written again after the patch) say "undetermined" rather than
// guess: labelling a post-patch implant "before the patch" is the worst error this tool can
// make, so "before" needs an upper bound the attacker could not have set.
//
// Format facts relied on (each cited again where used):
// - NTFS writes a $FILE_NAME's four times from the clock, or as copies of the $SI times, at
//   the moment it writes the name (create, rename, move, hard link); SetFileTime never
//   touches them. So every $FN time is at or before the moment the name was written, and
//   the file is at its present path since that moment.
// - Every change of an MFT record (a write to any stream, a rename, move or link, new
//   times) sets $SI "MFT change" (C) to "now"; SetFileTime cannot set it.
// - The change journal ($UsnJrnl:$J) is written by the kernel: FILE_CREATE, RENAME_NEW_NAME
//   (with the new parent and name), (NAMED_)DATA_* and STREAM_CHANGE record when the file
//   got its name, its place and its content; a file with no record changed not since the
//   journal's oldest record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detect/patch_time.h"
#include "ntfs/file_catalog.h"
#include "timeline/timestomp.h"
#include "timeline/usn_events.h"

namespace shellcarve {

// One fact a bound rests on, with where it was read.
struct TimeFact {
  uint64_t filetime = 0;
  std::string role;    // "earliest", "latest", "last_written", "context"
  std::string fact;    // "$FN creation of 'x.aspx'", "USN FILE_CREATE" ...
  std::string source;  // "MFT entry 92-1 $FILE_NAME at image offset 123", "$J usn=... at ..."
};

// Everything known about one flagged stream.
struct WriteFacts {
  uint64_t entry = 0;
  uint16_t sequence = 0;
  const ntfs::FileNameAttribute* name = nullptr;  // the name it is listed under
  std::string stream;                             // "" for the file's own data
  size_t named_streams = 0;                       // named $DATA streams of the file
  const ntfs::StandardInformation* si = nullptr;
  uint64_t si_offset = 0;                         // image offset of $SI
  TimestompVerdict timestomp = TimestompVerdict::kNo;
  bool si_change_set_back = false;                // $SI C earlier than a $FN time
  const ntfs::FileNameAttribute* parent_name = nullptr;  // the parent folder's name
  uint64_t parent_entry = 0;
  bool journal_present = false;
  bool journal_complete = false;                  // read without damage
  std::optional<uint64_t> journal_oldest;
  const std::vector<UsnFileChange>* journal = nullptr;  // this file's records, or null
};

struct PlantedInterval {
  std::optional<uint64_t> earliest;      // the content was not there before
  std::optional<uint64_t> latest;        // it was there by then
  std::optional<uint64_t> last_written;  // best estimate of the stream's last write
  bool last_written_trusted = false;     // from the journal, not from settable $SI times
  std::string earliest_fact, latest_fact, last_written_fact;
  std::vector<TimeFact> evidence;        // every fact, in the order considered
};

PlantedInterval estimate_planted_interval(const WriteFacts& facts);

enum class PatchRelation { kBefore, kAfter, kUndetermined };

struct PatchVerdict {
  PatchRelation relation = PatchRelation::kUndetermined;
  std::string reason;
  bool written_after_patch = false;  // there before (or maybe before), written again after
  std::string written_after_reason;
};

PatchVerdict relate_to_patch(const PlantedInterval& interval, const PatchTime& patch);

}  // namespace shellcarve
