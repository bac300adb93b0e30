#include "image/split_raw_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

namespace shellcarve {
namespace {

namespace fs = std::filesystem;

// A set of more members than this is not a split image (a folder of numbered files).
constexpr size_t kMaxMembers = 100000;
// Alphabetic sets: .aa ... .zz, split(1)'s default two-letter suffixes.
constexpr size_t kAlphabeticMembers = 26 * 26;

bool all_digits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool numeric_first(const std::string& ext) {  // ".001", ".0001"
  return ext.size() >= 4 && all_digits(ext.substr(1)) && std::stoul(ext.substr(1)) == 1;
}

// The index of extension `ext` (".004" -> 3, ".ac" -> 2) in the set of which `first_ext` is
// the first member's extension, if it belongs to that sequence.
std::optional<size_t> index_of(const std::string& first_ext, const std::string& ext) {
  if (numeric_first(first_ext)) {
    if (ext.size() != first_ext.size() || !all_digits(ext.substr(1))) return std::nullopt;
    const unsigned long n = std::stoul(ext.substr(1));
    if (n == 0 || n > kMaxMembers) return std::nullopt;
    return static_cast<size_t>(n - 1);
  }
  if (first_ext == ".aa") {
    if (ext.size() != 3 || !std::islower(static_cast<unsigned char>(ext[1])) ||
        !std::islower(static_cast<unsigned char>(ext[2])))
      return std::nullopt;
    return static_cast<size_t>((ext[1] - 'a') * 26 + (ext[2] - 'a'));
  }
  return std::nullopt;
}

}  // namespace

std::string split_raw_name(const std::string& first, size_t index) {
  const fs::path path(first);
  const std::string ext = path.extension().string();
  const std::string stem = (path.parent_path() / path.stem()).string();
  if (numeric_first(ext)) {
    if (index >= kMaxMembers) return {};
    return fmt::format("{}.{:0{}}", stem, index + 1, ext.size() - 1);
  }
  if (ext == ".aa") {
    if (index >= kAlphabeticMembers) return {};
    return fmt::format("{}.{}{}", stem, static_cast<char>('a' + index / 26), static_cast<char>('a' + index % 26));
  }
  return {};
}

std::vector<SplitRawMember> split_raw_members(const std::string& first) {
  std::vector<SplitRawMember> members{{0, first}};
  const fs::path path(first);
  const std::string first_ext = path.extension().string();
  if (!numeric_first(first_ext) && first_ext != ".aa") return members;
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const std::string stem = path.stem().string();
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path name = it->path().filename();
    if (name.stem().string() != stem) continue;
    const auto index = index_of(first_ext, name.extension().string());
    // The member's name as the sequence spells it, so "x.001" given as "./x.001" still
    // matches and the paths keep the form the examiner gave.
    if (!index || *index == 0) continue;
    const std::string member = split_raw_name(first, *index);
    if (fs::path(member).filename() != name) continue;
    members.push_back({*index, member});
    if (members.size() > kMaxMembers) break;
  }
  std::sort(members.begin(), members.end(),
            [](const SplitRawMember& a, const SplitRawMember& b) { return a.index < b.index; });
  return members;
}

}  // namespace shellcarve
