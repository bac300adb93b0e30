#include <iostream>

#include "cli/commands.h"
#include "common/display_text.h"

namespace shellcarve::cli {

int report_error(const std::string& message) {
  std::cerr << "shellcarve: error: " << escape_unsafe_text(message) << std::endl;
  return kExitError;
}

void report_warning(const std::string& message) {
  std::cerr << "shellcarve: warning: " << escape_unsafe_text(message) << "\n";
}

}  // namespace shellcarve::cli
