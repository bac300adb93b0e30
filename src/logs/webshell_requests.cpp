#include "logs/webshell_requests.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/text.h"

namespace shellcarve::logs {
namespace {

constexpr int64_t kTicksPerSecond = 10000000;
constexpr int64_t kDropperBefore = 120 * kTicksPerSecond;
constexpr int64_t kDropperAfter = 5 * kTicksPerSecond;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "/a/b/c" under "/a" -> "/b/c"; nullopt when not under it (case-insensitive).
std::optional<std::string> relative_to(std::string_view lower_path, std::string_view lower_folder) {
  while (lower_folder.size() > 1 && lower_folder.back() == '/') lower_folder.remove_suffix(1);
  if (lower_folder == "/") return std::string(lower_path);
  if (lower_path.size() <= lower_folder.size() || !lower_path.starts_with(lower_folder) ||
      lower_path[lower_folder.size()] != '/')
    return std::nullopt;
  return std::string(lower_path.substr(lower_folder.size()));
}

std::string join_url(std::string_view prefix, std::string_view rest) {
  std::string url(prefix);
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + std::string(rest);
}

std::string describe(const LogRequest& r) {
  return fmt::format("{} {} {}{}{} from {} ({} {} line {})", log_family_name(r.family), r.method, r.url_path,
                     r.query.empty() ? "" : "?", r.query, r.client_ip.empty() ? "?" : r.client_ip, r.time.raw,
                     r.provenance.path, r.provenance.line_number);
}

}  // namespace

std::vector<std::string> builtin_url_paths(std::string_view volume_path) {
  const std::string lower = ascii_lower(volume_path);
  std::vector<std::string> urls;
  // IIS's Default Web Site: %SystemDrive%\inetpub\wwwroot is "/".
  if (auto rest = relative_to(lower, "/inetpub/wwwroot")) urls.push_back(*rest);
  // Exchange: the front end's virtual directories (owa, ecp, ews, oab, autodiscover, mapi,
  // rpc, powershell ...) are V15\FrontEnd\HttpProxy\<vdir>; the back end's (site "Exchange
  // Back End", port 444) are V15\ClientAccess\<vdir>.
  for (std::string_view marker : {std::string_view("/frontend/httpproxy/"), std::string_view("/clientaccess/")}) {
    const size_t at = lower.find(marker);
    if (at != std::string::npos) urls.push_back("/" + lower.substr(at + marker.size()));
  }
  return urls;
}

std::string normalize_url_path(std::string_view url_path) {
  std::string out;
  out.reserve(url_path.size());
  for (size_t i = 0; i < url_path.size(); ++i) {
    char c = url_path[i];
    if (c == '%' && i + 2 < url_path.size() + 0 && hex_value(url_path[i + 1]) >= 0 && hex_value(url_path[i + 2]) >= 0) {
      c = static_cast<char>(hex_value(url_path[i + 1]) * 16 + hex_value(url_path[i + 2]));
      i += 2;
    }
    if (c == '\\') c = '/';
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(ascii_lower(c));
  }
  return out;
}

std::vector<std::string> url_paths_of(std::string_view volume_path, const std::vector<VirtualDirectory>& directories) {
  std::vector<std::string> urls = builtin_url_paths(volume_path);
  const std::string lower = ascii_lower(volume_path);
  for (const VirtualDirectory& directory : directories)
    if (auto rest = relative_to(lower, ascii_lower(directory.path))) urls.push_back(join_url(ascii_lower(directory.url_path), *rest));
  for (std::string& url : urls) url = normalize_url_path(url);
  std::sort(urls.begin(), urls.end());
  urls.erase(std::unique(urls.begin(), urls.end()), urls.end());
  return urls;
}

std::string_view exploit_url_reason(const LogRequest& request) {
  const std::string path = normalize_url_path(request.url_path);
  // CVE-2021-27065 through ECP: DDIService.svc SetObject with schema
  // (Reset)OABVirtualDirectory writes the dump that becomes the shell.
  if (path.ends_with("/ecp/ddi/ddiservice.svc/setobject")) return "ECP DDIService SetObject (CVE-2021-27065 chain)";
  if (path.ends_with("/ecp/proxylogon.ecp")) return "proxyLogon.ecp (CVE-2021-26855 session)";
  return {};
}

ShellUrlIndex::ShellUrlIndex(const std::vector<ShellCandidate>& shells) {
  for (size_t i = 0; i < shells.size(); ++i)
    for (const std::string& url : shells[i].url_paths) urls_.emplace_back(url, i);
  std::sort(urls_.begin(), urls_.end());
}

std::vector<size_t> ShellUrlIndex::shells_of(const LogRequest& request) const {
  const std::string url = normalize_url_path(request.url_path);
  std::vector<size_t> out;
  for (auto it = std::lower_bound(urls_.begin(), urls_.end(), std::make_pair(url, size_t{0}));
       it != urls_.end() && it->first == url; ++it)
    out.push_back(it->second);
  return out;
}

std::vector<std::optional<ShellRequests>> requests_per_shell(const std::vector<ShellCandidate>& shells,
                                                             const ShellUrlIndex& index,
                                                             const std::vector<LogRequest>& requests) {
  std::vector<std::optional<ShellRequests>> out(shells.size());
  for (const LogRequest& request : requests) {
    for (const size_t shell : index.shells_of(request)) {
      auto& summary = out[shell];
      if (!summary) {
        summary.emplace();
        summary->first = request;
      }
      ++summary->count;
      summary->last = request;
      if (!request.client_ip.empty()) summary->client_ips.insert(request.client_ip);
      if (!request.user_agent.empty()) summary->user_agents.insert(request.user_agent);
      if (!request.status.empty()) summary->statuses.insert(request.status);
      summary->url_paths.insert(request.url_path);
    }
  }
  return out;
}

std::optional<Dropper> find_dropper(const std::vector<ShellCandidate>& shells, size_t which, const ShellUrlIndex& index,
                                    const std::vector<LogRequest>& requests) {
  const auto& born = shells[which].born;
  if (!born) return std::nullopt;
  std::optional<Dropper> best;
  for (const LogRequest& request : requests) {
    if (!request.time.filetime) continue;
    const int64_t gap = static_cast<int64_t>(*born) - static_cast<int64_t>(*request.time.filetime);
    if (gap > kDropperBefore || gap < -kDropperAfter) continue;
    std::string evidence;
    for (const size_t other : index.shells_of(request))
      if (other != which) {
        evidence = "a request to the webshell " + shells[other].volume_path;
        break;
      }
    if (evidence.empty()) {
      const std::string_view reason = exploit_url_reason(request);
      if (reason.empty()) continue;
      evidence = "a request to an exploit URL: " + std::string(reason);
    }
    // The closest wins; at equal distance, the one before the birth, then the first logged.
    const auto distance = [](int64_t g) { return g < 0 ? -2 * g + 1 : 2 * g; };
    if (best && distance(best->gap) <= distance(gap)) continue;
    best = Dropper{request, gap, ""};
    best->evidence = fmt::format("{}: {}, {} {} the file's birth", evidence, describe(request),
                                 fmt::format("{:.1f} s", static_cast<double>(gap < 0 ? -gap : gap) / kTicksPerSecond),
                                 gap >= 0 ? "before" : "after");
  }
  return best;
}

}  // namespace shellcarve::logs
