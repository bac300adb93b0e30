#include <iostream>

#include "cli/commands.h"

namespace shellcarve::cli {

int report_error(const std::string& message) {
  std::string line = message;
  // One line: a message built from image content must not break it.
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  std::cerr << "shellcarve: error: " << line << std::endl;
  return kExitError;
}

}  // namespace shellcarve::cli
