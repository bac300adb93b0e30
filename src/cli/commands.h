// cli/ -- the thin edge: Boost.Program_options parsing, one file per subcommand, and the
// only place exceptions are caught. Each subcommand turns library results into output and
// an exit status: 0 success, 1 a negative verdict (e.g. a hash mismatch), 2 an error, with
// one line on stderr starting "shellcarve: error:".
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace shellcarve::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNegative = 1;
inline constexpr int kExitError = 2;

// Each takes the arguments after the subcommand name.
int run_info(const std::vector<std::string>& args);
int run_verify(const std::vector<std::string>& args);
int run_ls(const std::vector<std::string>& args);
int run_cat(const std::vector<std::string>& args);
int run_timeline(const std::vector<std::string>& args);
int run_scan(const std::vector<std::string>& args);
int run_carve(const std::vector<std::string>& args);
int run_batch(const std::vector<std::string>& args);
int run_report(const std::vector<std::string>& args);
int run_logs(const std::vector<std::string>& args);

// "shellcarve COMMAND ARGS..." as run, for manifests.
std::string command_line_of(const std::string& command, const std::vector<std::string>& args);

// Prints "shellcarve: error: <message>" on stderr and returns kExitError. Messages carry
// names from the image, so unsafe characters (controls, bidi overrides) are escaped
// (common/display_text.h): the line can neither be split nor drive the terminal.
int report_error(const std::string& message);
// Prints "shellcarve: warning: <message>" on stderr, escaped the same way.
void report_warning(const std::string& message);
// The first `limit` of `messages` as warnings, then one line saying how many were not
// listed (a damaged volume can have a problem in every directory).
void report_capped_warnings(const std::vector<std::string>& messages, size_t limit);

}  // namespace shellcarve::cli
