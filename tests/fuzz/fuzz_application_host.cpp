// Fuzz target: IIS's applicationHost.config as the image gives it
// (parse_application_host_config, through pugixml). Every root must be a volume path
// ("/..." without a trailing '/'), listed once whatever its case, and named after a site.
#include <set>
#include <string_view>

#include "common/text.h"
#include "fuzz_target.h"
#include "timeline/application_host_config.h"

SHELLCARVE_FUZZ_TARGET(application_host) {
  using namespace shellcarve;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ApplicationHostConfig config = parse_application_host_config(text);
  std::set<std::string> seen;
  for (const WebRoot& root : config.roots) {
    if (root.path.empty() || root.path[0] != '/') __builtin_trap();
    if (root.path.size() > 1 && root.path.back() == '/') __builtin_trap();
    if (!seen.insert(ascii_lower(root.path)).second) __builtin_trap();
    if (root.origin.rfind("applicationHost.config:", 0) != 0) __builtin_trap();
  }
  return 0;
}
