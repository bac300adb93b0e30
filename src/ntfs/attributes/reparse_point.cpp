// reparse_point.cpp: $REPARSE_POINT content (see reparse_point.h).
#include "ntfs/attributes/reparse_point.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "common/text.h"
#include "common/utf16.h"

namespace shellcarve::ntfs {
namespace {

using L = ReparsePointLayout;

Result<std::string> read_name(const ByteReader& buffer, size_t offset, size_t length, std::string_view what) {
  SC_ASSIGN_OR_RETURN(auto bytes, buffer.bytes(offset, length, what));
  std::string name = utf16le_to_utf8(bytes).utf8;
  // Junctions made by Windows end each name with a NUL inside the stated length sometimes.
  while (!name.empty() && name.back() == '\0') name.pop_back();
  return name;
}

// "a/b/../c" -> "/a/c"; ".." at the top stays at the top (Windows does the same).
std::string normalize(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto part : parts) out.append("/").append(part);
  return out.empty() ? "/" : out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ascii_lower(text.substr(0, prefix.size())) == ascii_lower(prefix);
}

}  // namespace

std::string reparse_tag_name(uint32_t tag) {
  if (tag == kReparseTagMountPoint) return "junction";
  if (tag == kReparseTagSymlink) return "symbolic link";
  return fmt::format("reparse tag 0x{:08X}", tag);
}

Result<ReparsePoint> parse_reparse_point(const ByteReader& content) {
  ReparsePoint point;
  SC_ASSIGN_OR_RETURN(point.tag, content.u32(L::kTag, "reparse tag"));
  SC_ASSIGN_OR_RETURN(const uint16_t data_length, content.u16(L::kDataLength, "reparse data length"));
  if (!point.is_mount_point() && !point.is_symlink()) return point;
  SC_ASSIGN_OR_RETURN(const ByteReader data, content.sub(L::kData, data_length, "reparse data"));
  SC_ASSIGN_OR_RETURN(const uint16_t substitute_offset, data.u16(L::kSubstituteNameOffset, "substitute name offset"));
  SC_ASSIGN_OR_RETURN(const uint16_t substitute_length, data.u16(L::kSubstituteNameLength, "substitute name length"));
  SC_ASSIGN_OR_RETURN(const uint16_t print_offset, data.u16(L::kPrintNameOffset, "print name offset"));
  SC_ASSIGN_OR_RETURN(const uint16_t print_length, data.u16(L::kPrintNameLength, "print name length"));
  size_t path_buffer = L::kMountPointPathBuffer;
  if (point.is_symlink()) {
    SC_ASSIGN_OR_RETURN(const uint32_t flags, data.u32(L::kSymlinkFlags, "symbolic link flags"));
    point.relative = (flags & kSymlinkFlagRelative) != 0;
    path_buffer = L::kSymlinkPathBuffer;
  }
  if (path_buffer > data.size())
    return fail(ErrorCode::kTruncated,
                fmt::format("reparse data at offset {}: {} bytes, the path buffer starts at {}", data.origin(),
                            data.size(), path_buffer));
  SC_ASSIGN_OR_RETURN(const ByteReader buffer, data.sub(path_buffer, data.size() - path_buffer, "reparse path buffer"));
  SC_ASSIGN_OR_RETURN(point.substitute_name, read_name(buffer, substitute_offset, substitute_length, "substitute name"));
  SC_ASSIGN_OR_RETURN(point.print_name, read_name(buffer, print_offset, print_length, "print name"));
  return point;
}

std::string resolve_reparse_target(const std::string& link_path, const std::string& substitute_name,
                                   bool relative, std::string& note) {
  std::string target = substitute_name;
  std::replace(target.begin(), target.end(), '\\', '/');
  if (relative) {
    const std::string parent = link_path.substr(0, link_path.rfind('/'));
    note = "relative to the link's folder";
    return normalize(parent + "/" + target);
  }
  // The NT namespace prefix of absolute targets ("\??\"; "\\?\" in print names).
  for (const char* prefix : {"/?\?/", "//?/"})  // "/?\?/": no trigraph
    if (target.starts_with(prefix)) target = target.substr(4);
  if (starts_with_ci(target, "UNC/") || target.starts_with("//")) {
    note = "a UNC path (another machine's share): not on this volume";
    return "";
  }
  if (starts_with_ci(target, "Volume{")) {
    note = "a volume named by its GUID (\\??\\Volume{...}): which volume it is cannot be told offline";
    return "";
  }
  if (target.size() >= 2 && std::isalpha(static_cast<unsigned char>(target[0])) && target[1] == ':') {
    note = fmt::format("drive letter {}: taken as this volume (offline the letter of a volume is unknown)",
                       static_cast<char>(std::toupper(static_cast<unsigned char>(target[0]))));
    return normalize(target.substr(2));
  }
  note = "a target form this tool does not resolve";
  return "";
}

}  // namespace shellcarve::ntfs
