#include "ntfs/tsk_oracle.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>
#include <sstream>

#include "ntfs/index/volume_index_slack.h"
#include "timeline/index_slack_rows.h"
#include "image/image.h"
#include "ntfs/directory_tree.h"
#include "ntfs/mft_scan.h"
#include "ntfs/ntfs_volume.h"
#include "support/test_support.h"
#include "timeline/listing.h"

namespace shellcarve::test {
namespace {

struct BodyLine {
  std::string inode, size, atime, mtime, ctime, crtime, mode;
  // fls's mode for a name it has no record for ("r/----------": meta type and permissions
  // unknown), as for the names it recovers from $I30 slack: it prints 0 for the size and
  // times there, where we print those of the slack key (docs/tsk-differences.md).
  bool without_record() const { return mode.size() == 12 && mode.substr(1) == "/----------"; }
  // TSK reads a slack key only when its creation, access and modification times lie before
  // 2020 (ntfs_dent.cpp, is_time()).
  bool after_fls_time_window() const {
    constexpr long long k2020 = 1577836800;  // 2020-01-01T00:00:00Z
    for (const std::string* t : {&crtime, &atime, &mtime})
      if (std::atoll(t->c_str()) >= k2020) return true;
    return false;
  }
};

// MD5|name|inode|mode|UID|GID|size|atime|mtime|ctime|crtime; the name may hold '|'.
std::multimap<std::string, BodyLine> parse_body(const std::string& text) {
  std::multimap<std::string, BodyLine> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t pos; (pos = line.find('|', start)) != std::string::npos; start = pos + 1)
      fields.push_back(line.substr(start, pos - start));
    fields.push_back(line.substr(start));
    if (fields.size() < 11) continue;
    const size_t extra = fields.size() - 11;  // '|' inside the name
    std::string name = fields[1];
    for (size_t i = 0; i < extra; ++i) name += "|" + fields[2 + i];
    const auto f = [&](size_t i) { return fields[i + extra]; };
    lines.emplace(name, BodyLine{f(2), f(6), f(7), f(8), f(9), f(10), f(3)});
  }
  return lines;
}

}  // namespace

// fls converts a FILETIME of 0 ("never set") with unsigned arithmetic that wraps to
// 2076-11-29 08:54:34 (3373865674); we write 0. See docs/tsk-differences.md.
constexpr const char* kTskUnsetTime = "3373865674";

std::vector<BodyDifference> compare_bodyfiles(const std::string& ours, const std::string& fls) {
  auto mine = parse_body(ours);
  auto theirs = parse_body(fls);
  std::vector<BodyDifference> differences;
  std::vector<std::pair<std::string, BodyLine>> pairs_fls, unmatched;
  // Pass 1: same name and inode (hard links and duplicate names stay apart); pass 2: same
  // name, different inode.
  std::vector<std::tuple<std::string, BodyLine, BodyLine>> matched;
  for (const auto& [name, line] : theirs) {
    auto [lo, hi] = mine.equal_range(name);
    auto same = std::find_if(lo, hi, [&](const auto& m) { return m.second.inode == line.inode; });
    if (same != hi) {
      matched.emplace_back(name, same->second, line);
      mine.erase(same);
    } else {
      unmatched.emplace_back(name, line);
    }
  }
  for (const auto& [name, line] : unmatched) {
    auto it = mine.find(name);
    if (it == mine.end()) {
      differences.push_back({name, "only in fls"});
      continue;
    }
    matched.emplace_back(name, it->second, line);
    mine.erase(it);
  }
  for (const auto& [name, a, b] : matched) {
    auto check = [&, &n = name](const char* field, const std::string& x, const std::string& y,
                                bool is_time) {
      if (x == y || (is_time && x == "0" && y == kTskUnsetTime)) return;
      differences.push_back({n, fmt::format("{}: shellcarve {} vs fls {}", field, x, y)});
    };
    check("inode", a.inode, b.inode, false);
    if (b.without_record() && a.without_record()) continue;
    check("size", a.size, b.size, false);
    check("atime", a.atime, b.atime, true);
    check("mtime", a.mtime, b.mtime, true);
    check("ctime", a.ctime, b.ctime, true);
    check("crtime", a.crtime, b.crtime, true);
  }
  for (const auto& [name, line] : mine)
    differences.push_back({name, line.without_record() && line.after_fls_time_window()
                                     ? kOnlyOursAfterFlsTimeWindow
                                     : "only in shellcarve"});
  return differences;
}

std::vector<KnownDifference> known_differences() {
  std::vector<KnownDifference> known;
  std::istringstream in(read_text(std::filesystem::path(SHELLCARVE_SOURCE_DIR) / "tests" /
                                  "data" / "tsk-differences.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t pos; (pos = line.find('\t', start)) != std::string::npos; start = pos + 1)
      fields.push_back(line.substr(start, pos - start));
    fields.push_back(line.substr(start));
    if (fields.size() >= 3) known.push_back({fields[0], fields[1], fields[2]});
  }
  return known;
}

std::string shellcarve_bodyfile(const std::filesystem::path& image_path, uint64_t volume_offset) {
  auto image = open_image(image_path.string());
  if (!image) return "error: " + image.error().message;
  return shellcarve_bodyfile(**image, volume_offset);
}

std::string shellcarve_bodyfile(Image& image, uint64_t volume_offset) {
  auto volume = ntfs::NtfsVolume::open(image, volume_offset);
  if (!volume) return "error: " + volume.error().message;
  auto catalog = ntfs::scan_mft(*volume);
  if (!catalog) return "error: " + catalog.error().message;
  const auto tree = ntfs::build_directory_tree(*catalog);
  std::string body;
  for (const auto& row : build_listing(*catalog, tree)) body += bodyfile_line(row);
  // As `ls` does (src/cli/ls_command.cpp): the names recovered from $I30 slack follow.
  const auto slack = ntfs::read_volume_index_slack(*volume, *catalog);
  for_each_index_slack_row(*catalog, tree, slack,
                                  [&](const ListingRow& row) { body += bodyfile_line(row); });
  return body;
}

}  // namespace shellcarve::test
