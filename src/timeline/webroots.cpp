#include "timeline/webroots.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "ntfs/stream_reader.h"

namespace shellcarve {
namespace {

constexpr const char* kApplicationHostConfig =
    "/windows/system32/inetsrv/config/applicationhost.config";
constexpr uint64_t kMaxConfigSize = 16u << 20;

bool has_prefix(const std::string& path, const std::string& root) {
  return path.size() >= root.size() && path.compare(0, root.size(), root) == 0 &&
         (path.size() == root.size() || path[root.size()] == '/' || root == "/");
}

// "C:\inetpub\wwwroot\" / "%SystemDrive%\inetpub" -> "/inetpub/wwwroot". Paths on other
// drives or UNC shares cannot be on this volume with certainty; they are kept with their
// drive letter stripped and marked in the origin.
std::optional<std::string> to_volume_path(std::string physical) {
  std::replace(physical.begin(), physical.end(), '\\', '/');
  const std::string lower = ascii_lower(physical);
  std::string rest;
  if (lower.rfind("%systemdrive%", 0) == 0) rest = physical.substr(13);
  else if (physical.size() >= 2 && std::isalpha(static_cast<unsigned char>(physical[0])) && physical[1] == ':')
    rest = physical.substr(2);
  else return std::nullopt;
  if (rest.empty() || rest[0] != '/') rest = "/" + rest;
  while (rest.size() > 1 && rest.back() == '/') rest.pop_back();
  return rest;
}

}  // namespace

std::optional<std::string> WebRootSelection::root_of(std::string_view path) const {
  if (mode == WebRootMode::kAll) return std::string("/");
  const std::string lower = ascii_lower(path);
  const WebRoot* best = nullptr;
  for (const auto& root : roots)
    if (has_prefix(lower, ascii_lower(root.path)) && (!best || root.path.size() > best->path.size()))
      best = &root;
  if (!best) return std::nullopt;
  return best->path;
}

ntfs::DescendInto index_walk_webroots(const WebRootSelection& selection) {
  if (selection.mode == WebRootMode::kAll) return [](std::string_view) { return true; };
  std::vector<std::string> targets;
  for (const auto& root : selection.roots) targets.push_back(ascii_lower(root.path));
  if (selection.mode == WebRootMode::kAuto)
    for (const auto& root : builtin_webroot_profiles()) targets.push_back(ascii_lower(root.path));
  return [targets = std::move(targets)](std::string_view path) {
    for (const std::string& target : targets) {
      const std::string_view t = target;
      const bool on_the_way = t.size() > path.size() && t.starts_with(path) && t[path.size()] == '/';
      const bool inside = path.starts_with(t) && (path.size() == t.size() || path[t.size()] == '/' || t == "/");
      if (on_the_way || inside) return true;
    }
    return false;
  };
}

std::vector<WebRoot> builtin_webroot_profiles() {
  std::vector<WebRoot> roots{{"/inetpub/wwwroot", "profile:IIS", ""},
                             {"/inetpub/wwwroot/aspnet_client", "profile:IIS aspnet_client", ""}};
  // Exchange 2013/2016/2019 (V15) and 2010 (V14): front-end proxy and client access apps.
  for (const char* version : {"V15", "V14"}) {
    const std::string base = fmt::format("/Program Files/Microsoft/Exchange Server/{}", version);
    for (const char* app : {"owa", "ecp", "oab", "ews", "mapi", "rpc", "autodiscover",
                            "powershell", "sync", "microsoft-server-activesync", "pushnotifications"})
      roots.push_back({fmt::format("{}/FrontEnd/HttpProxy/{}", base, app), "profile:Exchange", ""});
    for (const char* app : {"owa", "ecp", "oab", "exchweb", "autodiscover", "sync"})
      roots.push_back({fmt::format("{}/ClientAccess/{}", base, app), "profile:Exchange", ""});
  }
  return roots;
}

namespace {

// The value of attribute `name` in the XML text at or after `from`: `name = "value"` (or
// single quotes), matched case-insensitively; npos when absent. A hand-written scan rather
// than std::regex: the config comes from the evidence and may be large or hostile.
struct AttributeValue {
  size_t position = std::string::npos;
  std::string value;
};

AttributeValue find_attribute(const std::string& text, const std::string& lower_text,
                              const std::string& name, size_t from) {
  for (size_t at = lower_text.find(name, from); at != std::string::npos;
       at = lower_text.find(name, at + 1)) {
    size_t i = at + name.size();
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || text[i] != '=') continue;
    ++i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || (text[i] != '"' && text[i] != '\'')) continue;
    const char quote = text[i];
    const size_t close = text.find(quote, i + 1);
    if (close == std::string::npos) return {};
    return {at, text.substr(i + 1, close - i - 1)};
  }
  return {};
}

}  // namespace

std::vector<WebRoot> parse_application_host_config(const std::string& text) {
  // <site name="Default Web Site" id="1"> ... <virtualDirectory path="/" physicalPath="..."/>
  const std::string lower = ascii_lower(text);
  std::vector<std::pair<size_t, std::string>> sites;
  for (size_t at = lower.find("<site"); at != std::string::npos; at = lower.find("<site", at + 1)) {
    if (at + 5 < lower.size() && !std::isspace(static_cast<unsigned char>(lower[at + 5]))) continue;
    const size_t end = lower.find('>', at);
    const AttributeValue name = find_attribute(text, lower, "name", at);
    if (name.position != std::string::npos && name.position < end) sites.emplace_back(at, name.value);
  }
  std::vector<WebRoot> roots;
  std::set<std::string> seen;
  for (AttributeValue physical = find_attribute(text, lower, "physicalpath", 0);
       physical.position != std::string::npos;
       physical = find_attribute(text, lower, "physicalpath", physical.position + 1)) {
    std::string site = "?";
    for (const auto& [at, name] : sites)
      if (at <= physical.position) site = name;
    const auto path = to_volume_path(physical.value);
    if (!path || !seen.insert(ascii_lower(*path)).second) continue;
    roots.push_back({*path, "applicationHost.config:" + site, ""});
  }
  return roots;
}

WebRootSelection select_webroots(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                 const ntfs::DirectoryTree& tree, WebRootMode mode,
                                 const std::vector<std::string>& paths) {
  WebRootSelection selection;
  selection.mode = mode;
  if (mode == WebRootMode::kAll) {
    selection.roots.push_back({"/", "option:all", ""});
    return selection;
  }
  if (mode == WebRootMode::kPaths) {
    for (auto path : paths) {
      if (path.empty() || path[0] != '/') path = "/" + path;
      while (path.size() > 1 && path.back() == '/') path.pop_back();
      selection.roots.push_back({path, "option", ""});
    }
    return selection;
  }
  std::set<std::string> present;
  for (const auto& placed : tree.names)
    if (catalog.entries[placed.entry].is_directory()) present.insert(ascii_lower(placed.path));
  for (const auto& root : builtin_webroot_profiles())
    if (present.count(ascii_lower(root.path))) selection.roots.push_back(root);
  for (const auto& placed : tree.names) {
    if (placed.deleted || ascii_lower(placed.path) != kApplicationHostConfig) continue;
    auto file = volume.read_file(placed.entry);
    if (!file) {
      selection.warnings.push_back("applicationHost.config: " + file.error().message);
      continue;
    }
    for (const auto& attribute : file->attributes) {
      if (attribute.type != ntfs::AttributeType::kData || !attribute.name.empty() ||
          attribute.lowest_vcn != 0)
        continue;
      auto content = ntfs::read_stream_bytes(volume, attribute, kMaxConfigSize);
      if (!content) {
        selection.warnings.push_back("applicationHost.config: " + content.error().message);
        continue;
      }
      const std::string text(reinterpret_cast<const char*>(content->data()), content->size());
      for (auto& root : parse_application_host_config(text)) {
        const bool known = std::any_of(selection.roots.begin(), selection.roots.end(),
                                       [&](const WebRoot& r) { return ascii_lower(r.path) == ascii_lower(root.path); });
        if (!known) selection.roots.push_back(root);
      }
    }
  }
  return selection;
}

}  // namespace shellcarve
