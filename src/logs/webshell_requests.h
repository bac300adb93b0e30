// webshell_requests.h: ties a webshell file to the requests the logs show for it. A file's
// volume path becomes the URL paths that serve it through the site's virtual directories
// (IIS's Default Web Site at inetpub/wwwroot, Exchange's FrontEnd/HttpProxy/<vdir> and
// ClientAccess/<vdir>, and the virtual directories applicationHost.config names); a
// request's URL path is percent-decoded and compared case-insensitively, as IIS resolves
// it. `dropped_by`: the request to another webshell or to an exploit URL that came just
// before the file's birth -- the request that most likely wrote it.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "logs/log_hit.h"
#include "timeline/webroots.h"

namespace shellcarve::logs {

// The built-in ones (IIS default site, Exchange front and back end), found by path shape.
std::vector<std::string> builtin_url_paths(std::string_view volume_path);

// Percent-decoded ('+' kept: IIS logs a path's spaces as '+' only in the query), '\' as
// '/', lower-case.
std::string normalize_url_path(std::string_view url_path);

// Every URL path (normalised) that serves `volume_path`.
std::vector<std::string> url_paths_of(std::string_view volume_path, const std::vector<VirtualDirectory>& directories);

// A request to a URL that plants files in ProxyLogon's chain: the ECP DDI SetObject call
// (Set/Reset of a virtual directory), proxyLogon.ecp; "" when it is none.
std::string_view exploit_url_reason(const LogRequest& request);

struct ShellRequests {
  uint64_t count = 0;
  LogRequest first, last;
  std::set<std::string> client_ips, user_agents, statuses;
  std::set<std::string> url_paths;  // as logged
};

struct Dropper {
  LogRequest request;
  int64_t gap = 0;  // birth minus request time, in 100 ns (negative: logged after the birth)
  std::string evidence;
};

struct ShellCandidate {
  std::string volume_path;
  std::optional<uint64_t> born;  // FILETIME
  std::vector<std::string> url_paths;
};

// Requests whose URL is one of a set of shells'.
class ShellUrlIndex {
 public:
  explicit ShellUrlIndex(const std::vector<ShellCandidate>& shells);
  // The shells this request's URL names (indices into the constructor's list).
  std::vector<size_t> shells_of(const LogRequest& request) const;
  bool wanted(const LogRequest& request) const { return !shells_of(request).empty() || !exploit_url_reason(request).empty(); }

 private:
  std::vector<std::pair<std::string, size_t>> urls_;  // sorted
};

// Requests for each shell from `requests` (sorted by time).
std::vector<std::optional<ShellRequests>> requests_per_shell(const std::vector<ShellCandidate>& shells,
                                                             const ShellUrlIndex& index,
                                                             const std::vector<LogRequest>& requests);

// The dropper of shell `which`: the closest request to another shell or to an exploit URL
// from 120 s before its birth to 5 s after (IIS logs a request when it completes, after
// the file it wrote).
std::optional<Dropper> find_dropper(const std::vector<ShellCandidate>& shells, size_t which, const ShellUrlIndex& index,
                                    const std::vector<LogRequest>& requests);

}  // namespace shellcarve::logs
