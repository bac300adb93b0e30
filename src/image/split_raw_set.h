// split_raw_set.h: finding the files of a split raw set (x.001, x.002 ... or x.aa, x.ab ...,
// as split(1), dd and FTK Imager write them) from its first file. The whole folder is
// looked at, not only the names up to the first missing one: a missing x.003 must not
// quietly drop x.004 and after (RawImage names the gap).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace shellcarve {

// One file of a split set and its place in the set's naming sequence (0 for the first).
struct SplitRawMember {
  size_t index = 0;
  std::string path;
};

// The name of the member at `index` of the set whose first file is `first` (x.001 -> x.003
// for index 2, x.aa -> x.ac), or "" when `first` is not a split-set name or the sequence
// has no such name.
std::string split_raw_name(const std::string& first, size_t index);

// The files of the set whose first file is `first` that exist, in order of index; just
// {0, first} when `first` is not a split-set name (x.001 or x.aa; any width of digits).
std::vector<SplitRawMember> split_raw_members(const std::string& first);

}  // namespace shellcarve
