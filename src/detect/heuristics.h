// Heuristics outside YARA: pure functions over a path and the content's bytes (or, for the
// sibling-name test, over names alone). No I/O, no state, safe from any thread. Each one
// answers nullopt (nothing seen) or a hit with its name and the evidence an examiner reads.
//
// They are triage signals, weaker than a rule match on their own:
//   server_page_in_aspnet_client  a server-side page (.aspx/.asp/.ashx/.asmx/.cshtml/.config
//                                 with server code) under an aspnet_client folder. That folder
//                                 only ever holds client script (system_web/<ver>/*.js); it was
//                                 the favourite drop site of the 2021 Exchange campaign
//                                 (Microsoft HAFNIUM blog 2021-03-02, CISA AA21-062A).
//   tiny_page_evaluating_request  a page with under kTinyServerCodeBytes of server code whose
//                                 server code evaluates request input (eval/Execute of
//                                 Request, Assembly.Load of request bytes, ...): the China
//                                 Chopper one-liner shape, whatever its obfuscation of names.
//   name_unlike_siblings          a page whose name does not fit the folder it sits in (see
//                                 the function for the exact, deliberately simple tests).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shellcarve::detect {

struct HeuristicHit {
  std::string name;      // "aspnet_client_server_page", "tiny_request_eval", "name_unlike_siblings"
  std::string evidence;  // what was seen, quoting the bytes or names (printable, <= ~200 chars)
};

// Server code below this many bytes makes a page "tiny" (a one-liner with a directive is
// ~100 bytes; real pages with code-behind logic inline are kilobytes).
inline constexpr size_t kTinyServerCodeBytes = 1024;

// The server-side code of a page: the text inside <% ... %> blocks (directives <%@ and
// comments <%-- --%> excluded) and inside <script runat="server"> elements, concatenated
// with '\n' between pieces. For .ashx/.asmx with a WebHandler/WebService directive, what
// follows the directive is code. Bytes are treated as ASCII-compatible text.
std::string server_code(std::string_view path, std::span<const std::byte> content);

// True for the extensions IIS hands to a server-side handler by default that we look at:
// .aspx .asp .ashx .asmx .asa .cer .cshtml .vbhtml .config (case-insensitive).
bool is_server_page_name(std::string_view path);

std::optional<HeuristicHit> server_page_in_aspnet_client(std::string_view path,
                                                         std::span<const std::byte> content);

std::optional<HeuristicHit> tiny_page_evaluating_request(std::string_view path,
                                                         std::span<const std::byte> content);

// Whether `candidate` (a file name, no folder) looks unlike the other names in one folder of
// the Exchange install (`folder_names`, which may include the candidate itself; it is
// skipped). A hit needs one of:
//   * lookalike: its stem is within a small edit distance of a sibling's stem without being
//     equal (errorEE.aspx beside errorFE.aspx; RedirSuiteServerProxy.aspx beside
//     RedirSuiteServiceProxy.aspx): at most 1 edit for stems of 5-9 characters, at most 3
//     for longer ones, case-insensitive;
//   * random-looking: a stem of 6+ letters and digits in which digits and letters alternate
//     at least 4 times (8Lw7tAhF9i1pJnRo), or 8+ hex digits only;
//   * foreign extension: a server-page extension no sibling has, in a folder with at least
//     3 server pages (a lone .ashx among .aspx pages).
// Names are not content: this orders pages for review, it proves nothing.
std::optional<HeuristicHit> name_unlike_siblings(const std::vector<std::string>& folder_names,
                                                 std::string_view candidate);

// Both content heuristics, in the order above.
std::vector<HeuristicHit> content_heuristics(std::string_view path, std::span<const std::byte> content);

}  // namespace shellcarve::detect
