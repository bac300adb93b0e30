// Volume Shadow Copies (VSS) of an NTFS volume, read with libvshadow. Each store is the
// volume as it was when the snapshot was taken, opened as one more read-only Image (the
// volume's bytes from offset 0, its size the volume's), so every later layer reads a
// snapshot exactly as it reads the live volume. Only image/ (and volume/) include
// libvshadow; this header does not.
//
// What is not read: a store whose data lives on a separate storage volume (the catalog on
// this volume names it, the copied blocks are elsewhere), and a store whose metadata
// libvshadow rejects or whose blocks point outside the volume: each is listed with the
// reason and skipped, never fatal.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "image/image.h"

namespace shellcarve {

namespace vss {
struct VolumeHandle;  // libvshadow's volume (vshadow_handle.h)
}

struct VssStore {
  uint32_t index = 0;            // 1-based, as vshadowinfo and vshadowmount (vss1, vss2 ...) number them
  std::string identifier;        // the store's GUID
  std::string copy_identifier;   // the shadow copy ID ("" when the catalog has none)
  std::string copy_set_identifier;
  uint64_t creation_time = 0;    // FILETIME of the snapshot
  uint64_t volume_size = 0;      // bytes of the volume, as the store states it
  uint32_t attribute_flags = 0;
  bool data_in_volume = true;    // false: the copied blocks live on a separate storage volume
  uint64_t blocks = 0;           // copied 16 KiB blocks the store holds
  // Why the store cannot be read from this image (data on another volume, damaged
  // metadata, blocks outside the volume); empty when it can.
  std::vector<std::string> problems;
  bool readable() const { return problems.empty(); }
};

// The shadow copies of one volume: the volume's bytes are [offset, offset + length) of an
// image, which must outlive the catalog and every store opened from it.
class VssCatalog {
 public:
  VssCatalog();
  ~VssCatalog();
  VssCatalog(VssCatalog&&) noexcept;
  VssCatalog& operator=(VssCatalog&&) noexcept;

  // Reads the VSS catalog. A volume without one has no stores and no warning; a damaged
  // catalog yields the stores that could be read and a warning for the rest. `what` names
  // the volume in warnings (e.g. "partition 1").
  static VssCatalog read(Image& image, uint64_t offset, uint64_t length, const std::string& what);

  const std::vector<VssStore>& stores() const { return stores_; }
  // The store with `index` (1-based), or nullptr.
  const VssStore* store(uint32_t index) const;
  const std::vector<std::string>& warnings() const { return warnings_; }
  // True when the volume has a VSS catalog (even one with no store).
  bool present() const { return present_; }

  // The store as a read-only Image of the volume at the snapshot (format "vss-store"):
  // reads past the volume's end are refused as for any image; a read libvshadow cannot
  // complete is an error naming the store and the offset. kNotFound for an unknown index,
  // kUnsupported for a store that is not readable (its problems said).
  Result<std::unique_ptr<Image>> open_store(uint32_t index) const;

 private:
  std::shared_ptr<vss::VolumeHandle> handle_;
  std::vector<VssStore> stores_;
  std::vector<std::string> warnings_;
  bool present_ = false;
};

// "live" or "store N (ISO 8601 creation time)": how outputs name where a row came from.
std::string describe_store(const VssStore& store);

}  // namespace shellcarve
