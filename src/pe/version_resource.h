// pe/ -- Portable Executable files read as bytes (no loader, no OS API), for the facts a
// forensic examiner needs from a binary found on the image.
//
// version_resource.h: the version of a PE file from its resource section: DOS header ->
// PE header -> section table -> resource directory (type RT_VERSION, first name, first
// language) -> data entry, whose RVA is mapped to a file offset through the section table
// -> VS_VERSIONINFO -> VS_FIXEDFILEINFO. Layouts: Microsoft "PE Format" (learn.microsoft.com,
// /windows/win32/debug/pe-format: "MS-DOS Stub", "COFF File Header", "Optional Header Data
// Directories", "Section Table", "The .rsrc Section") and "VS_VERSIONINFO" / "VS_FIXEDFILEINFO"
// (learn.microsoft.com, /windows/win32/menurc/). Exchange binaries carry their exact build
// there (ExSetup.exe 15.1.2176.9 after the March 2021 SU).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/result.h"

namespace shellcarve::pe {

struct VersionResource {
  std::array<uint16_t, 4> file_version{};     // dwFileVersionMS/LS: 15.1.2176.9
  std::array<uint16_t, 4> product_version{};  // dwProductVersionMS/LS
  uint32_t resource_rva = 0;                  // of the VS_VERSIONINFO bytes
  uint64_t file_offset = 0;                   // of the VS_VERSIONINFO bytes in the file
};

std::string to_string(const std::array<uint16_t, 4>& version);

// kFormat when the bytes are not a PE file (no MZ or PE signature), kNotFound when it has no
// version resource, kTruncated / kCorrupt when a header, table or offset does not fit the
// bytes. `file` may be only the file's first bytes: what lies beyond is reported truncated.
Result<VersionResource> parse_version_resource(std::span<const std::byte> file);

}  // namespace shellcarve::pe
