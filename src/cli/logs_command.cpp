#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "common/atomic_file.h"
#include "logs/plain_logs.h"

namespace po = boost::program_options;

namespace shellcarve::cli {

int run_logs(const std::vector<std::string>& args) {
  po::options_description options("shellcarve logs FILE|DIR... [--family iis|httpproxy|ecp|oab] [-o DIR] [--json]");
  options.add_options()("help,h", "show this help")(
      "family", po::value<std::string>(), "read every file as this log family (default: from each path)")(
      "output,o", po::value<std::string>(), "write proxylogon.json and proxylogon.csv into this folder")(
      "json", "print proxylogon.json on standard output")(
      "files", po::value<std::vector<std::string>>(), "log files or folders");
  const auto parsed = parse_or_help(args, options, {"*files"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("files")) return report_error("logs: no FILE given");
  std::optional<logs::LogFamily> family;
  if (vm.count("family")) {
    family = logs::parse_log_family(vm["family"].as<std::string>());
    if (!family) return report_error("logs: --family must be iis, httpproxy, ecp or oab");
  }
  auto report = logs::check_plain_logs(vm["files"].as<std::vector<std::string>>(), family);
  if (!report) return report_error(report.error().message);
  report_capped_warnings(report->scan.warnings, 100);
  if (vm.count("output")) {
    const std::string dir = vm["output"].as<std::string>();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return report_error("logs: cannot create " + dir + ": " + ec.message());
    if (auto status = write_file_atomically(dir + "/proxylogon.json", logs::write_proxylogon_json(*report)); !status)
      return report_error(status.error().message);
    if (auto status = write_file_atomically(dir + "/proxylogon.csv", logs::write_proxylogon_csv(*report)); !status)
      return report_error(status.error().message);
  }
  if (vm.count("json")) std::cout << logs::write_proxylogon_json(*report);
  else
    for (const auto& line : logs::describe_checks(*report)) std::cout << line << "\n";
  std::cerr << "shellcarve: " << report->scan.summary() << "\n";
  return report->scan.hits.empty() ? kExitOk : kExitNegative;
}

}  // namespace shellcarve::cli
