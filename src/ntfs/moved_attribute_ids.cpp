#include "ntfs/moved_attribute_ids.h"

#include <algorithm>

namespace shellcarve::ntfs {

MovedAttributeIds::MovedAttributeIds(std::vector<uint16_t> ids_in_use) : ids_(std::move(ids_in_use)) {
  file_name_id_ = static_cast<uint16_t>(highest() + 1);
}

bool MovedAttributeIds::repeated(uint16_t id) const {
  return std::count(ids_.begin(), ids_.end(), id) > 1;
}

uint16_t MovedAttributeIds::highest() const {
  return ids_.empty() ? 0 : *std::max_element(ids_.begin(), ids_.end());
}

uint16_t MovedAttributeIds::file_name_id(uint16_t id) {
  if (ids_.empty() || !repeated(id)) return id;
  // The shared id counts as used once the first name takes it, not before: the test for
  // "repeated" of the following names must see the ids as they were.
  pending_ = true;
  return file_name_id_;
}

uint16_t MovedAttributeIds::stream_id(uint16_t id) {
  if (pending_) {
    ids_.push_back(file_name_id_);
    pending_ = false;
  }
  if (ids_.empty() || !repeated(id)) return id;
  const auto fresh = static_cast<uint16_t>(highest() + 1);
  ids_.push_back(fresh);
  return fresh;
}

}  // namespace shellcarve::ntfs
