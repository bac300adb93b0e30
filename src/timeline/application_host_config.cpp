// application_host_config.cpp: physicalPath values of applicationHost.config through
// pugixml (see application_host_config.h).
#include "timeline/application_host_config.h"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "common/text.h"

namespace shellcarve {
namespace {

// "C:\inetpub\wwwroot\" / "%SystemDrive%\inetpub" -> "/inetpub/wwwroot". A path on any
// drive letter is kept with the letter stripped (sites often live on D:, which may be the
// volume being read: a root that is absent costs nothing); a UNC share or a relative path
// cannot be on this volume.
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

bool name_is(const char* name, std::string_view wanted) {
  return ascii_lower(name) == wanted;
}

// The value of the attribute named `lower_name` whatever its case: IIS writes
// "physicalPath", but a hand-edited file read by a lenient tool must not hide a root.
pugi::xml_attribute attribute_named(const pugi::xml_node& node, std::string_view lower_name) {
  for (const pugi::xml_attribute& attribute : node.attributes())
    if (name_is(attribute.name(), lower_name)) return attribute;
  return {};
}

// Visits every element in document order (pugixml walks the tree without recursion, so a
// deeply nested hostile file cannot exhaust the stack) and keeps the names of the <site>
// elements enclosing the current one by depth, so finding a path's site costs nothing.
class PhysicalPathWalker final : public pugi::xml_tree_walker {
 public:
  explicit PhysicalPathWalker(ApplicationHostConfig& out) : roots_(out.roots), out_(out) {}

  bool for_each(pugi::xml_node& node) override {
    if (node.type() != pugi::node_element) return true;
    const int here = depth();
    while (!sites_.empty() && sites_.back().first >= here) sites_.pop_back();
    while (!applications_.empty() && applications_.back().first >= here) applications_.pop_back();
    if (name_is(node.name(), "site"))
      if (const pugi::xml_attribute name = attribute_named(node, "name"))
        sites_.emplace_back(here, name.value());
    if (name_is(node.name(), "application"))
      if (const pugi::xml_attribute path = attribute_named(node, "path")) applications_.emplace_back(here, path.value());
    if (name_is(node.name(), "logfile"))
      if (const pugi::xml_attribute directory = attribute_named(node, "directory"))
        if (const auto path = to_volume_path(directory.value())) {
          const std::string lower = ascii_lower(*path);
          if (std::find(out_.log_directories.begin(), out_.log_directories.end(), lower) == out_.log_directories.end())
            out_.log_directories.push_back(lower);
        }
    const pugi::xml_attribute physical = attribute_named(node, "physicalpath");
    if (!physical) return true;
    const auto path = to_volume_path(physical.value());
    if (path && name_is(node.name(), "virtualdirectory"))
      if (const pugi::xml_attribute url = attribute_named(node, "path")) {
        // <application path="/owa"><virtualDirectory path="/auth"> serves /owa/auth.
        std::string joined = applications_.empty() ? std::string() : applications_.back().second;
        while (!joined.empty() && joined.back() == '/') joined.pop_back();
        const std::string_view rest = url.value();
        joined += rest.starts_with('/') ? std::string(rest) : "/" + std::string(rest);
        out_.virtual_directories.push_back({sites_.empty() ? std::string("?") : sites_.back().second, joined, *path});
      }
    if (!path || !seen_.insert(ascii_lower(*path)).second) return true;
    roots_.push_back({*path, "applicationHost.config:" + (sites_.empty() ? std::string("?") : sites_.back().second), ""});
    return true;
  }

 private:
  std::vector<WebRoot>& roots_;
  ApplicationHostConfig& out_;
  std::vector<std::pair<int, std::string>> sites_;  // (depth, name) of enclosing <site>s
  std::vector<std::pair<int, std::string>> applications_;  // (depth, path) of enclosing <application>s
  std::set<std::string> seen_;
};

}  // namespace

ApplicationHostConfig parse_application_host_config(std::string_view text) {
  ApplicationHostConfig out;
  pugi::xml_document document;
  // parse_default: entities and character references decoded, CDATA kept as text, comments,
  // processing instructions and the DOCTYPE skipped. On an error pugixml keeps the tree
  // built up to that point, so the roots before a damaged part are still found.
  const pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed && parsed.status != pugi::status_no_document_element)
    out.warnings.push_back(fmt::format("applicationHost.config: not well-formed XML at byte {}: {}; "
                                       "only what precedes it was read",
                                       parsed.offset, parsed.description()));
  PhysicalPathWalker walker(out);
  document.traverse(walker);
  return out;
}

}  // namespace shellcarve
