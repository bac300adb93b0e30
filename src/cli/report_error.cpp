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

void report_capped_warnings(const std::vector<std::string>& messages, size_t limit) {
  for (size_t i = 0; i < messages.size() && i < limit; ++i) report_warning(messages[i]);
  if (messages.size() > limit)
    report_warning(std::to_string(messages.size() - limit) + " more warnings of the same kind not listed");
}

}  // namespace shellcarve::cli
