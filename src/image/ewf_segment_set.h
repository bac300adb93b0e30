// ewf_segment_set.h: which files make up an EWF version 1 set (E01, E02, ... or L01 ...),
// decided without libewf. libewf 20140813 opens a set with a missing middle segment or a
// truncated last one without complaint, and hands every file libewf_glob finds to the
// handle: a stray x.E04 beside a complete set (another acquisition's segment, a renamed
// copy) silently replaces the data of the segment whose number its header carries, or makes
// the intact set unopenable. So we walk each file's section chain (ewf_sections.h): the set
// is the files from the first segment up to the one whose chain ends in "done"; each must
// carry the segment number its position implies and describe the same acquisition (set
// identifier GUID and media geometry in its "volume"/"data" section); files after "done" are
// not part of the set and are named in warnings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace shellcarve {

// The name libewf gives segment `number` (1-based) of the set whose first segment is
// `first_segment`: x.E01 ... x.E99, then x.EAA ... x.EZZ, x.FAA ...; the case of the
// first segment's extension is kept (x.e01 -> x.e02).
std::string ewf_segment_name(const std::string& first_segment, uint32_t number);

struct EwfSegmentSet {
  std::vector<std::string> paths;  // the set's files in segment order: what libewf is given
  // Files found beside the set but not part of it, each named with why ("'x.E04' is not
  // part of the set: the set ends with 'done' in 'x.E03'").
  std::vector<std::string> warnings;
  // Per file in `paths`, the number of chunks its "table" sections list, and the chunk size
  // in bytes (0 when unknown, e.g. EWF version 2): where a media offset is stored.
  std::vector<uint64_t> chunks;
  uint64_t chunk_size = 0;

  // The file holding the chunk at `media_offset`, when the layout is known.
  std::optional<std::string> segment_at(uint64_t media_offset) const;
};

// Chooses the set among `candidates` (the first segment, then what libewf_glob found after
// it, in order). Errors name the file: kNotFound "segment 'x.E02' is missing" when a
// file's chain asks for a next segment that is not there (or a file carries another
// segment number than its place), kTruncated when a section runs past the end of its file,
// kCorrupt "'x.E02' belongs to another acquisition (set identifier ... vs ...)" when its
// set identifier or media geometry differs from the first segment's. A first segment that
// is not EWF version 1 (Ex01) is not checked: all candidates are returned, for libewf.
Result<EwfSegmentSet> select_ewf_segment_set(const std::vector<std::string>& candidates);

}  // namespace shellcarve
