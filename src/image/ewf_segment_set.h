// ewf_segment_set.h: checks, without libewf, that the segment files of an EWF version 1 set
// (E01, E02, ... or L01 ...) are all there and whole. libewf 20140813 opens a set with a
// missing middle segment or a truncated last one without complaint and fails (or returns
// nothing) only when a read reaches the missing part, so we walk the structure ourselves:
// every segment file starts with a 13-byte file header carrying its segment number, and its
// sections form a chain that ends in a "next" section (more segments follow) or a "done"
// section (the last segment). Layout facts from Joachim Metz, "Expert Witness Compression
// Format (EWF)", libewf documentation, sections 2 (file header) and 3 (section descriptor).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace shellcarve {

// The name libewf gives segment `number` (1-based) of the set whose first segment is
// `first_segment`: x.E01 ... x.E99, then x.EAA ... x.EZZ, x.FAA ...; the case of the
// first segment's extension is kept (x.e01 -> x.e02).
std::string ewf_segment_name(const std::string& first_segment, uint32_t number);

// The segment number in a 13-byte EWF v1 file header, or kFormat when `header` is not one.
Result<uint16_t> parse_ewf_segment_number(std::span<const std::byte> header);

// Checks `paths` (the set's files in segment order, as libewf_glob returns them): each
// file's header names the segment number its position implies, and the last file's section
// chain ends in a "done" section. Errors name the file: kNotFound "segment 'x.E02' is
// missing" when the chain of the last file present asks for a next segment (or a file is
// out of place), kTruncated when a section runs past the end of its file. EWF version 2
// (Ex01) files are not checked (their layout differs) and pass.
Status check_ewf_segment_set(const std::vector<std::string>& paths);

}  // namespace shellcarve
