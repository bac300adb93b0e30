// shellcarve: entry point. Dispatches to a subcommand; catches what escapes it so no input
// ends in an uncaught exception.
#include <boost/program_options/errors.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/huge_pages.h"
#include "cli/interrupt.h"
#include "version.h"

namespace {

using Command = int (*)(const std::vector<std::string>&);

const std::map<std::string, std::pair<Command, const char*>>& commands() {
  static const std::map<std::string, std::pair<Command, const char*>> kCommands{
      {"batch", {shellcarve::cli::run_batch, "scan many images unattended, resumable: one case folder each, batch.json/csv"}},
      {"info", {shellcarve::cli::run_info, "describe an image: format, E01 metadata, partitions, file systems"}},
      {"logs", {shellcarve::cli::run_logs, "Test-ProxyLogon's log checks over plain IIS/Exchange log files (proxylogon.json/csv)"}},
      {"ls", {shellcarve::cli::run_ls, "list every name on an NTFS volume, deleted ones too (fls -r -p; --bodyfile)"}},
      {"carve", {shellcarve::cli::run_carve, "carve webshells from unallocated clusters and slack (findings.json)"}},
      {"cat", {shellcarve::cli::run_cat, "write a file's stream to stdout (icat), deleted entries too"}},
      {"report", {shellcarve::cli::run_report, "make report.html (and report.pdf with --pdf) again from a case folder alone"}},
      {"scan", {shellcarve::cli::run_scan, "find webshells: YARA + heuristics, patch time, after-patch and timestomp verdicts, case folder"}},
      {"timeline", {shellcarve::cli::run_timeline, "timeline of the web roots: $SI/$FN times, timestomp indicators (csv, jsonl, bodyfile)"}},
      {"verify", {shellcarve::cli::run_verify, "hash the whole media (MD5, SHA-1, SHA-256) and compare with stored hashes"}},
  };
  return kCommands;
}

void usage(std::ostream& out) {
  out << "usage: shellcarve COMMAND [OPTIONS] IMAGE\n\ncommands:\n";
  for (const auto& [name, command] : commands())
    out << "  " << name << std::string(10 - std::min<size_t>(name.size(), 9), ' ')
        << command.second << "\n";
  out << "\n'shellcarve COMMAND --help' describes a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    usage(std::cerr);
    return shellcarve::cli::kExitError;
  }
  const std::string name = args.front();
  shellcarve::cli::reexec_with_huge_page_heap(name, argv);
  if (name == "--help" || name == "-h" || name == "help") {
    usage(std::cout);
    return shellcarve::cli::kExitOk;
  }
  if (name == "--version") {
    std::cout << "shellcarve " << shellcarve::kVersion << " (" << shellcarve::kGitCommit << ")\n";
    return shellcarve::cli::kExitOk;
  }
  const auto it = commands().find(name);
  if (it == commands().end())
    return shellcarve::cli::report_error("unknown command '" + name + "' (try --help)");
  args.erase(args.begin());
  // batch takes SIGINT/SIGTERM itself (stop starting images, then interrupt the running ones);
  // its scan processes install the usual handling (case/batch/batch_runner.h).
  if (name != "batch") shellcarve::cli::install_signal_handling();
  try {
    return it->second.first(args);
  } catch (const boost::program_options::error& e) {
    return shellcarve::cli::report_error(name + ": " + e.what());
  } catch (const std::exception& e) {
    return shellcarve::cli::report_error(name + ": internal error: " + e.what());
  }
}
