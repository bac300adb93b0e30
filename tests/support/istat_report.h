// What `istat` (The Sleuth Kit) prints about one NTFS MFT entry, read back into fields so a
// test can compare our parse of the same record with it: the header values, the
// $STANDARD_INFORMATION and every $FILE_NAME with their four times (as printed, e.g.
// "2021-02-26 09:12:34.111111100"), and the attribute table with each non-resident
// attribute's runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shellcarve::test {

struct IstatTimes {
  std::string created, modified, mft_modified, accessed;  // istat's text, without " (UTC)"
};

struct IstatFileName {
  std::string name;
  uint64_t parent_entry = 0;
  uint16_t parent_sequence = 0;
  uint64_t allocated_size = 0;
  uint64_t actual_size = 0;
  IstatTimes times;
};

struct IstatRun {
  uint64_t start = 0;   // first cluster ("Starting address")
  uint64_t length = 0;  // clusters
};

struct IstatAttribute {
  uint32_t type = 0;
  uint16_t id = 0;
  std::string name;  // "" for "N/A"
  bool resident = true;
  uint64_t size = 0;
  std::optional<uint64_t> init_size;
  std::vector<IstatRun> runs;
};

struct IstatReport {
  uint64_t entry = 0;
  uint16_t sequence = 0;
  bool allocated = false;
  bool directory = false;
  uint16_t links = 0;
  std::optional<uint32_t> owner_id, security_id;
  std::optional<IstatTimes> standard_information;
  std::vector<IstatFileName> file_names;
  std::vector<IstatAttribute> attributes;
};

// nullopt when the text is not an NTFS istat report (e.g. an error message).
std::optional<IstatReport> parse_istat(const std::string& text);

}  // namespace shellcarve::test
