#include "support/tsk_oracles.h"

#include <regex>
#include <sstream>

#include "support/test_support.h"

namespace shellcarve::test {

std::optional<MmlsTable> parse_mmls(const std::string& text) {
  MmlsTable table;
  if (text.find("DOS Partition Table") != std::string::npos) table.scheme = "dos";
  else if (text.find("GUID Partition Table") != std::string::npos) table.scheme = "gpt";
  else if (text.find("MAC Partition Map") != std::string::npos) table.scheme = "mac";
  else if (text.find("BSD Disk Label") != std::string::npos) table.scheme = "bsd";
  else if (text.find("Sun Volume Table") != std::string::npos) table.scheme = "sun";
  else return std::nullopt;
  // "002:  000:000   0000000128   0000055423   0000055296   NTFS / exFAT (0x07)"
  static const std::regex kLine(R"(^\d+:\s+(\d+(?::\d+)?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(.*?)\s*$)");
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, kLine)) continue;
    table.partitions.push_back({std::stoull(m[2]), std::stoull(m[4]), m[5]});
  }
  return table;
}

std::string tool_field(const std::string& text, const std::string& label) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line.compare(first, label.size(), label) != 0) continue;
    const size_t colon = line.find(':', first + label.size());
    if (colon == std::string::npos) continue;
    // The label must end right before the colon (so "MD5" does not match "MD5 hash ...").
    if (line.find_first_not_of(" \t", first + label.size()) != colon) continue;
    std::string value = line.substr(colon + 1);
    const size_t begin = value.find_first_not_of(" \t");
    const size_t end = value.find_last_not_of(" \t\r");
    return begin == std::string::npos ? "" : value.substr(begin, end - begin + 1);
  }
  return "";
}

std::optional<std::string> oracle_or_run(const std::filesystem::path& oracle,
                                         const std::string& tool, const std::string& command,
                                         const std::filesystem::path& image) {
  std::error_code ec;
  if (std::filesystem::exists(oracle, ec)) return read_text(oracle);
  if (!have_tool(tool)) return std::nullopt;
  return run_command(command + " " + shell_quote(image.string())).out;
}

}  // namespace shellcarve::test
