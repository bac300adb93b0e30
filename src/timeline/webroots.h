// Web roots: which parts of a volume an examiner of a web server must see. Built-in profiles
// for IIS and Exchange 2010-2019 are matched on volume paths wherever the system drive's
// folders are (no fixed drive letter), and more roots are discovered from the image itself:
// the site and virtual-directory physical paths in IIS's applicationHost.config.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/text.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/index_paths.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve {

struct WebRoot {
  std::string path;    // volume path with '/', e.g. "/inetpub/wwwroot"
  std::string origin;  // "profile:IIS", "profile:Exchange", "applicationHost.config:<site>", "option",
                       // "reparse point" (reparse_roots.h)
  // A folder reached through a junction or symbolic link in another root: the link's path
  // and what it says ("" for every other root).
  std::string reached_through;
};

// A URL prefix a site serves from a folder: applicationHost.config's <application path>
// joined with its <virtualDirectory path>, served from the physicalPath (logs/ maps
// requests to files through them).
struct VirtualDirectory {
  std::string site;
  std::string url_path;  // "/", "/owa", "/owa/auth"
  std::string path;      // volume path with '/'
};

enum class WebRootMode { kAuto, kAll, kPaths };

struct WebRootSelection {
  WebRootMode mode = WebRootMode::kAuto;
  std::vector<WebRoot> roots;
  std::vector<std::string> warnings;
  // From applicationHost.config (kAuto only): the virtual directories, and the folders its
  // <logFile directory> names (lower-case volume paths; IIS writes W3SVC<id>/ in them).
  std::vector<VirtualDirectory> virtual_directories;
  std::vector<std::string> log_directories;

  // The root holding `path` (case-insensitive, as NTFS names are for Windows), or nullopt;
  // in kAll mode every path is in "/".
  std::optional<std::string> root_of(std::string_view path) const;
};

// The built-in profile roots (present on this volume or not), lower-case patterns matched
// as path prefixes.
std::vector<WebRoot> builtin_webroot_profiles();

// Where the index walk of index_paths.h must descend for this selection: every directory on
// the way to a root (and to each built-in profile root, wherever the $FN chains put it)
// and every directory inside one; with --webroots all, everywhere.
ntfs::DescendInto index_walk_webroots(const WebRootSelection& selection);

// Resolves the selection for a volume: kAuto = profiles that exist on the volume plus roots
// discovered from Windows/System32/inetsrv/config/applicationHost.config (its first
// Limits::max_application_host_config_bytes; application_host_config.h); kPaths = `paths`.
WebRootSelection select_webroots(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                 const ntfs::DirectoryTree& tree, WebRootMode mode,
                                 const std::vector<std::string>& paths);

}  // namespace shellcarve
