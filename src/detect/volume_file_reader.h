// A detect::ReadFile over an NTFS volume: the unnamed $DATA stream of an MFT entry, read up
// to a cap through the stream reader (compressed or encrypted streams are errors that say so).
#pragma once

#include "detect/installed_builds.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::detect {

// The volume must outlive the returned function.
ReadFile volume_file_reader(const ntfs::NtfsVolume& volume);

}  // namespace shellcarve::detect
