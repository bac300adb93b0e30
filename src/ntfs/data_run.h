// data_run.h: the mapping pairs of a non-resident attribute, decoded to DataRuns.
//
// Each pair starts with a header byte: low nibble = size of the run length field, high
// nibble = size of the LCN offset field (0 = a sparse run). The length is unsigned, the
// offset a signed delta from the previous run's LCN; a 0 header byte ends the list.
// (libfsntfs fsntfs_data_run.c; omerbenamram/mft src/attribute/non_resident_attr.rs;
// "NTFS Documentation" by Richard Russon, "Data Runs".)
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/limits.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

struct DataRunDecoding {
  std::vector<DataRun> runs;  // every run decoded before any problem
  std::string damage;         // empty when the list ended cleanly with a 0 byte
};

// Decodes `mapping_pairs` (from the attribute's mapping-pairs offset to its end) starting at
// virtual cluster `first_vcn` (the attribute's lowest VCN). `origin` is the image offset of
// mapping_pairs[0], used in damage messages. Never fails: a bad pair (nibble > 8, length 0,
// LCN below 0 or past 2^63, VCN overflow), a missing terminator or hitting
// limits.max_data_runs stops decoding and sets `damage`, keeping the runs decoded so far.
DataRunDecoding decode_data_runs(std::span<const std::byte> mapping_pairs, uint64_t origin,
                                 uint64_t first_vcn, const Limits& limits = default_limits());

}  // namespace shellcarve::ntfs
