#include "timeline/webroots.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ntfs/stream_reader.h"
#include "timeline/application_host_config.h"

namespace shellcarve {
namespace {

constexpr const char* kApplicationHostConfig =
    "/windows/system32/inetsrv/config/applicationhost.config";

bool has_prefix(const std::string& path, const std::string& root) {
  return path.size() >= root.size() && path.compare(0, root.size(), root) == 0 &&
         (path.size() == root.size() || path[root.size()] == '/' || root == "/");
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

// The first `limit` bytes of the stream (all of it when shorter); `truncated` says whether
// more was left unread.
struct StreamPrefix {
  std::string text;
  bool truncated = false;
};

Result<StreamPrefix> read_stream_prefix(const ntfs::NtfsVolume& volume,
                                        const ntfs::Attribute& attribute, uint64_t limit) {
  StreamPrefix out;
  out.truncated = attribute.size() > limit;
  out.text.reserve(static_cast<size_t>(std::min(attribute.size(), limit)));
  SC_RETURN_IF_ERROR(ntfs::read_stream(volume, attribute, [&](const ntfs::StreamPiece& piece) {
    const size_t take = static_cast<size_t>(std::min<uint64_t>(piece.bytes.size(), limit - out.text.size()));
    out.text.append(reinterpret_cast<const char*>(piece.bytes.data()), take);
    return out.text.size() < limit;
  }));
  return out;
}

}  // namespace

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
      const uint64_t limit = volume.limits().max_application_host_config_bytes;
      auto content = read_stream_prefix(volume, attribute, limit);
      if (!content) {
        selection.warnings.push_back("applicationHost.config: " + content.error().message);
        continue;
      }
      if (content->truncated)
        selection.warnings.push_back(fmt::format(
            "applicationHost.config (MFT entry {}): {} bytes, only the first {} read "
            "(limit max_application_host_config_bytes)",
            placed.entry, attribute.size(), limit));
      ApplicationHostConfig config = parse_application_host_config(content->text);
      for (auto& warning : config.warnings)
        selection.warnings.push_back(fmt::format("{} (MFT entry {})", warning, placed.entry));
      std::move(config.virtual_directories.begin(), config.virtual_directories.end(),
                std::back_inserter(selection.virtual_directories));
      for (auto& directory : config.log_directories) selection.log_directories.push_back(std::move(directory));
      for (auto& root : config.roots) {
        const bool known = std::any_of(selection.roots.begin(), selection.roots.end(),
                                       [&](const WebRoot& r) { return ascii_lower(r.path) == ascii_lower(root.path); });
        if (!known) selection.roots.push_back(root);
      }
    }
  }
  return selection;
}

}  // namespace shellcarve
