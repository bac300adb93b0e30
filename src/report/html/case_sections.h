// case_sections.h: the report's sections about the case rather than single findings: who
// and what (case, examiner, evidence numbers, image identity and verification), how (tool,
// commit, command line, options, rule files), when the server was patched and on what
// evidence, warnings and limitations, and the SHA-256 of
// every other file in the case folder. Each returns one <section>.
#pragma once

#include <string>

#include "report/html/case_outputs.h"

namespace shellcarve::html {

std::string render_case_section(const CaseOutputs& outputs);
std::string render_method_section(const CaseOutputs& outputs);
std::string render_patch_section(const CaseOutputs& outputs);
std::string render_warnings_section(const CaseOutputs& outputs);
std::string render_outputs_section(const CaseOutputs& outputs);

}  // namespace shellcarve::html
