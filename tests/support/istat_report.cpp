#include "support/istat_report.h"

#include <charconv>
#include <sstream>

namespace shellcarve::test {
namespace {

bool starts_with(const std::string& line, const std::string& prefix) {
  return line.rfind(prefix, 0) == 0;
}

// "Created:\t2021-02-26 09:12:34.111111100 (UTC)" -> "2021-02-26 09:12:34.111111100".
std::string time_value(const std::string& line) {
  std::string value = line.substr(line.find(':') + 1);
  while (!value.empty() && (value.front() == '\t' || value.front() == ' ')) value.erase(0, 1);
  if (const size_t zone = value.find(" ("); zone != std::string::npos) value.resize(zone);
  return value;
}

// A time line of either block; false when `line` is none.
bool read_time(const std::string& line, IstatTimes& times) {
  if (starts_with(line, "Created:")) times.created = time_value(line);
  else if (starts_with(line, "File Modified:")) times.modified = time_value(line);
  else if (starts_with(line, "MFT Modified:")) times.mft_modified = time_value(line);
  else if (starts_with(line, "Accessed:")) times.accessed = time_value(line);
  else return false;
  return true;
}

// The decimal number following `label` in `line`; 0 when absent or not a number.
uint64_t number_after(const std::string& line, const std::string& label) {
  const size_t at = line.find(label);
  if (at == std::string::npos) return 0;
  uint64_t value = 0;
  const char* begin = line.data() + at + label.size();
  std::from_chars(begin, line.data() + line.size(), value);
  return value;
}

// "Type: $DATA (128-3)   Name: $I30   Non-Resident   size: 2283520  init_size: 2283520"
IstatAttribute read_attribute(const std::string& line) {
  IstatAttribute a;
  const size_t open = line.find('(');
  const size_t dash = line.find('-', open);
  if (open == std::string::npos || dash == std::string::npos) return a;
  a.type = static_cast<uint32_t>(number_after(line.substr(open), "("));
  a.id = static_cast<uint16_t>(number_after(line.substr(dash), "-"));
  const size_t name_at = line.find("Name: ") + 6;
  const size_t form_at = line.find("Resident", name_at);
  std::string name = line.substr(name_at, form_at - name_at);
  if (starts_with(name.substr(name.size() >= 4 ? name.size() - 4 : 0), "Non-"))
    name.resize(name.size() - 4);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  a.name = name == "N/A" ? "" : name;
  a.resident = line.find("Non-Resident") == std::string::npos;
  a.size = number_after(line, "size: ");
  if (line.find("init_size: ") != std::string::npos) a.init_size = number_after(line, "init_size: ");
  return a;
}

}  // namespace

std::optional<IstatReport> parse_istat(const std::string& text) {
  if (text.find("MFT Entry Header Values:") == std::string::npos) return std::nullopt;
  IstatReport report;
  enum class Block { kHeader, kStandardInformation, kFileName, kAttributes, kOther } block = Block::kHeader;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (starts_with(line, "$STANDARD_INFORMATION Attribute Values:")) {
      block = Block::kStandardInformation;
      report.standard_information.emplace();
      continue;
    }
    if (starts_with(line, "$FILE_NAME Attribute Values:")) {
      block = Block::kFileName;
      report.file_names.emplace_back();
      continue;
    }
    if (starts_with(line, "Attributes:")) {
      block = Block::kAttributes;
      continue;
    }
    if (starts_with(line, "$") && line.find("Attribute Values:") != std::string::npos) {
      block = Block::kOther;  // $OBJECT_ID, $ATTRIBUTE_LIST ... not compared
      continue;
    }
    switch (block) {
      case Block::kHeader:
        if (starts_with(line, "Entry:")) {
          report.entry = number_after(line, "Entry: ");
          report.sequence = static_cast<uint16_t>(number_after(line, "Sequence: "));
        } else if (line == "Allocated File" || line == "Allocated Directory" ||
                   line == "Not Allocated File" || line == "Not Allocated Directory") {
          report.allocated = starts_with(line, "Allocated");
          report.directory = line.find("Directory") != std::string::npos;
        } else if (starts_with(line, "Links:")) {
          report.links = static_cast<uint16_t>(number_after(line, "Links: "));
        }
        break;
      case Block::kStandardInformation:
        if (starts_with(line, "Owner ID:")) report.owner_id = static_cast<uint32_t>(number_after(line, "Owner ID: "));
        else if (starts_with(line, "Security ID:"))
          report.security_id = static_cast<uint32_t>(number_after(line, "Security ID: "));
        else read_time(line, *report.standard_information);
        break;
      case Block::kFileName: {
        IstatFileName& name = report.file_names.back();
        if (starts_with(line, "Name: ")) name.name = line.substr(6);
        else if (starts_with(line, "Parent MFT Entry:")) {
          name.parent_entry = number_after(line, "Parent MFT Entry: ");
          name.parent_sequence = static_cast<uint16_t>(number_after(line, "Sequence: "));
        } else if (starts_with(line, "Allocated Size:")) {
          name.allocated_size = number_after(line, "Allocated Size: ");
          name.actual_size = number_after(line, "Actual Size: ");
        } else {
          read_time(line, name.times);
        }
        break;
      }
      case Block::kAttributes:
        if (starts_with(line, "Type: ")) report.attributes.push_back(read_attribute(line));
        // "Starting address: X, length: 1  Sparse": a sparse run has no address.
        else if (line.find("Starting address: ") != std::string::npos &&
                 line.find("Sparse") == std::string::npos && !report.attributes.empty())
          report.attributes.back().runs.push_back(
              {number_after(line, "Starting address: "), number_after(line, "length: ")});
        break;
      case Block::kOther:
        break;
    }
  }
  return report;
}

}  // namespace shellcarve::test
