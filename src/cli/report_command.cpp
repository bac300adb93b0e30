#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <iostream>

#include "case/report_pdf.h"
#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "report/html/html_report.h"

namespace po = boost::program_options;

namespace shellcarve::cli {

int run_report(const std::vector<std::string>& args) {
  po::options_description options("shellcarve report CASE_DIR [--pdf]");
  options.add_options()("help,h", "show this help")(
      "pdf", "also print report.pdf with headless Chromium (Debian's chromium package)")(
      "case-dir", po::value<std::string>(), "a case folder written by scan (manifest.json, findings.json ...)");
  const auto parsed = parse_or_help(args, options, {"case-dir"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("case-dir")) return report_error("report: no CASE_DIR given");
  const std::string dir = vm["case-dir"].as<std::string>();
  if (auto written = html::write_html_report(dir); !written) return report_error("report: " + written.error().message);
  std::cout << dir << "/report.html\n";
  if (vm.count("pdf")) {
    if (auto printed = print_report_pdf(dir); !printed) return report_error("report: " + printed.error().message);
    std::cout << dir << "/" << html::kReportPdfName << "\n";
  }
  return kExitOk;
}

}  // namespace shellcarve::cli
