#include "report/html/html_report.h"

#include <fmt/format.h>

#include "common/atomic_file.h"
#include "report/html/case_outputs.h"
#include "report/html/case_sections.h"
#include "report/html/finding_sections.h"
#include "report/html/html_text.h"
#include "report/html/log_check_sections.h"
#include "report/html/report_style.h"

namespace shellcarve::html {
namespace {

std::string contents_list() {
  return "<nav>\n<h2>Contents</h2>\n<ol>\n"
         "<li><a href=\"#case\">Case and evidence</a></li>\n"
         "<li><a href=\"#summary\">Findings</a></li>\n"
         "<li><a href=\"#method\">Method</a></li>\n"
         "<li><a href=\"#patch\">Patch time and its evidence</a></li>\n"
         "<li><a href=\"#timeline\">Timeline of the web roots</a></li>\n"
         "<li><a href=\"#details\">Evidence chain of each finding</a></li>\n"
         "<li><a href=\"#logs\">Log checks</a></li>\n"
         "<li><a href=\"#warnings\">Warnings and limitations</a></li>\n"
         "<li><a href=\"#outputs\">Files of this case folder</a></li>\n"
         "</ol>\n</nav>\n";
}

}  // namespace

Result<std::string> render_html_report(const std::string& case_dir) {
  SC_ASSIGN_OR_RETURN(const CaseOutputs outputs, read_case_outputs(case_dir));
  const std::string case_number = outputs.manifest.string_or_empty("case_number");
  const std::string evidence_number = outputs.manifest.string_or_empty("evidence_number");
  const std::string stylesheet = report_stylesheet(case_number, evidence_number);
  const std::string title =
      case_number.empty() ? std::string("shellcarve report") : "shellcarve report, case " + case_number;
  std::string page = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<meta name=\"generator\" content=\"shellcarve report\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
      attribute(content_security_policy(stylesheet)), text(title), stylesheet);
  page += fmt::format("<header>\n<h1>{}</h1>\n<p class=\"note\">Made by shellcarve from the outputs of the case "
                      "folder alone; every statement below names the output and the place in the image it comes "
                      "from.</p>\n</header>\n",
                      text(title));
  page += contents_list();
  page += render_case_section(outputs);
  page += render_findings_summary(outputs);
  page += render_method_section(outputs);
  page += render_patch_section(outputs);
  page += render_timeline_section(outputs);
  page += render_findings_details(outputs);
  page += render_log_checks_section(outputs);
  page += render_warnings_section(outputs);
  page += render_outputs_section(outputs);
  page += "</body>\n</html>\n";
  return page;
}

Status write_html_report(const std::string& case_dir) {
  SC_ASSIGN_OR_RETURN(const std::string page, render_html_report(case_dir));
  return write_file_atomically((case_dir.empty() ? std::string(".") : case_dir) + "/" + kReportFileName, page);
}

}  // namespace shellcarve::html
