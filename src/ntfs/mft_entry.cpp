// mft_entry.cpp: names of attribute types, as $AttrDef lists them.
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

const char* attribute_type_name(AttributeType type) {
  switch (type) {
    case AttributeType::kStandardInformation: return "$STANDARD_INFORMATION";
    case AttributeType::kAttributeList: return "$ATTRIBUTE_LIST";
    case AttributeType::kFileName: return "$FILE_NAME";
    case AttributeType::kObjectId: return "$OBJECT_ID";
    case AttributeType::kSecurityDescriptor: return "$SECURITY_DESCRIPTOR";
    case AttributeType::kVolumeName: return "$VOLUME_NAME";
    case AttributeType::kVolumeInformation: return "$VOLUME_INFORMATION";
    case AttributeType::kData: return "$DATA";
    case AttributeType::kIndexRoot: return "$INDEX_ROOT";
    case AttributeType::kIndexAllocation: return "$INDEX_ALLOCATION";
    case AttributeType::kBitmap: return "$BITMAP";
    case AttributeType::kReparsePoint: return "$REPARSE_POINT";
    case AttributeType::kEaInformation: return "$EA_INFORMATION";
    case AttributeType::kEa: return "$EA";
    case AttributeType::kLoggedUtilityStream: return "$LOGGED_UTILITY_STREAM";
    case AttributeType::kEnd: return "$END";
  }
  return "$UNKNOWN";
}

}  // namespace shellcarve::ntfs
