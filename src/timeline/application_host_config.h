// application_host_config.h: the web roots IIS's applicationHost.config names -- every
// physicalPath (site root and virtual directories, <virtualDirectoryDefaults> too), with the
// site it belongs to. The file comes from the evidence, so it is read as real XML by
// pugixml (Debian's libpugixml-dev; the only file that includes it): comments and CDATA
// are not markup, entities and character references are decoded, attribute order and
// quoting do not matter, UTF-8 and UTF-16 (by BOM) are both read. pugixml builds no DTD,
// so no entity can expand into more text than the file holds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "timeline/webroots.h"

namespace shellcarve {

struct ApplicationHostConfig {
  // Volume paths ("%SystemDrive%\inetpub\wwwroot" and "C:\inetpub\wwwroot" ->
  // "/inetpub/wwwroot"), each once (case-insensitive), in document order; origin
  // "applicationHost.config:<site name>" ("?" outside a <site> element). Paths on no drive
  // (UNC shares) are left out: they cannot be on this volume.
  std::vector<WebRoot> roots;
  // Every <virtualDirectory> with a physicalPath on a drive, its URL path joined to its
  // <application path>, in document order.
  std::vector<VirtualDirectory> virtual_directories;
  // <logFile directory="..."> values (site defaults and sites), lower-case volume paths, once each.
  std::vector<std::string> log_directories;
  // Malformed XML: what and at which byte; the roots before that point are kept.
  std::vector<std::string> warnings;
};

ApplicationHostConfig parse_application_host_config(std::string_view text);

}  // namespace shellcarve
