// suspicious_files.h: the volume walk for Test-ProxyLogon's Get-SuspiciousFile, offline and
// wider: the script looks for `lsass.*dmp` names in C:\root and %WINDIR%\temp and for
// .7z/.zip/.rar names in %ProgramData%; here LSASS dumps are also found by content (the
// MDMP minidump signature) in ProgramData, the web roots, Windows\Temp and \root,
// archives by signature in ProgramData and the web roots too, and mailbox exports (.pst,
// or the !BDN PST signature) in web-reachable folders -- allocated and deleted files alike.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "logs/suspicious_file.h"
#include "ntfs/cluster_allocation.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::logs {

// What the first bytes of a file say: "MDMP minidump signature", "7-Zip signature", "ZIP
// signature", "RAR signature", "PST signature (!BDN)", or "".
std::string_view content_signature(std::span<const std::byte> head);

// `in_web_root(path)`: the path is served by IIS (timeline/webroots.h). Sorted by path.
std::vector<SuspiciousFile> find_suspicious_files(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                                  const ntfs::DirectoryTree& tree, const ntfs::ClusterBitmap* bitmap,
                                                  const std::function<bool(std::string_view)>& in_web_root,
                                                  std::vector<std::string>& warnings);

}  // namespace shellcarve::logs
