#include "ntfs/usn/usn_reasons.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace shellcarve::ntfs {
namespace {

// Bit values from winioctl.h (Windows SDK 10.0.22621).
constexpr std::array<std::pair<uint32_t, const char*>, 24> kReasonNames{{
    {kUsnReasonDataOverwrite, "DATA_OVERWRITE"},
    {kUsnReasonDataExtend, "DATA_EXTEND"},
    {kUsnReasonDataTruncation, "DATA_TRUNCATION"},
    {kUsnReasonNamedDataOverwrite, "NAMED_DATA_OVERWRITE"},
    {kUsnReasonNamedDataExtend, "NAMED_DATA_EXTEND"},
    {kUsnReasonNamedDataTruncation, "NAMED_DATA_TRUNCATION"},
    {kUsnReasonFileCreate, "FILE_CREATE"},
    {kUsnReasonFileDelete, "FILE_DELETE"},
    {kUsnReasonEaChange, "EA_CHANGE"},
    {kUsnReasonSecurityChange, "SECURITY_CHANGE"},
    {kUsnReasonRenameOldName, "RENAME_OLD_NAME"},
    {kUsnReasonRenameNewName, "RENAME_NEW_NAME"},
    {kUsnReasonIndexableChange, "INDEXABLE_CHANGE"},
    {kUsnReasonBasicInfoChange, "BASIC_INFO_CHANGE"},
    {kUsnReasonHardLinkChange, "HARD_LINK_CHANGE"},
    {kUsnReasonCompressionChange, "COMPRESSION_CHANGE"},
    {kUsnReasonEncryptionChange, "ENCRYPTION_CHANGE"},
    {kUsnReasonObjectIdChange, "OBJECT_ID_CHANGE"},
    {kUsnReasonReparsePointChange, "REPARSE_POINT_CHANGE"},
    {kUsnReasonStreamChange, "STREAM_CHANGE"},
    {kUsnReasonTransactedChange, "TRANSACTED_CHANGE"},
    {kUsnReasonIntegrityChange, "INTEGRITY_CHANGE"},
    {kUsnReasonDesiredStorageClassChange, "DESIRED_STORAGE_CLASS_CHANGE"},
    {kUsnReasonClose, "CLOSE"},
}};

constexpr std::array<std::pair<uint32_t, const char*>, 3> kSourceNames{{
    {0x1, "DATA_MANAGEMENT"},
    {0x2, "AUXILIARY_DATA"},
    {0x4, "REPLICATION_MANAGEMENT"},
}};

template <size_t N>
std::vector<std::string> flag_names(uint32_t value,
                                    const std::array<std::pair<uint32_t, const char*>, N>& table) {
  std::vector<std::string> names;
  for (uint32_t bit = 1; bit != 0; bit <<= 1) {
    if ((value & bit) == 0) continue;
    const char* name = nullptr;
    for (const auto& [flag, text] : table)
      if (flag == bit) name = text;
    names.push_back(name ? std::string(name) : fmt::format("0x{:08X}", bit));
  }
  return names;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += '|';
    out += name;
  }
  return out;
}

}  // namespace

std::vector<std::string> usn_reason_names(uint32_t reason) { return flag_names(reason, kReasonNames); }

std::string usn_reasons_to_string(uint32_t reason) { return join(usn_reason_names(reason)); }

std::string usn_source_info_to_string(uint32_t source_info) {
  return join(flag_names(source_info, kSourceNames));
}

}  // namespace shellcarve::ntfs
