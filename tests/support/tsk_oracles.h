// Readers for the text The Sleuth Kit and libewf tools print (mmls, fsstat, ewfinfo,
// ewfverify), stored beside test images as oracles or produced at test time, so tests can
// compare our answers with theirs field by field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace shellcarve::test {

struct MmlsPartition {
  uint64_t start = 0;
  uint64_t length = 0;
  std::string description;
};

struct MmlsTable {
  std::string scheme;  // "dos", "gpt", ... from mmls's title line
  std::vector<MmlsPartition> partitions;  // the slots with a number (not Meta, not -------)
};

// Parses `mmls` output; nullopt when it holds no table ("Cannot determine partition type").
std::optional<MmlsTable> parse_mmls(const std::string& text);

// The value after `label:` on the first line starting (after whitespace) with `label`, with
// tabs and surrounding spaces removed; "" when absent. Serves fsstat ("Volume Serial Number"),
// ewfinfo ("Case number") and ewfverify ("MD5 hash calculated over data").
std::string tool_field(const std::string& text, const std::string& label);

// An oracle beside `image` (image + "." + suffix, e.g. "mmls.txt"), or the tool's output made
// now with `command` (the image path is appended) when the oracle is absent and the tool
// is installed; nullopt otherwise.
std::optional<std::string> oracle_or_run(const std::filesystem::path& oracle,
                                         const std::string& tool, const std::string& command,
                                         const std::filesystem::path& image);

}  // namespace shellcarve::test
