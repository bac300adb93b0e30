#include "cli/commands.h"

namespace shellcarve::cli {

int run_verify(const std::vector<std::string>&) {
  return report_error("verify: not built yet");
}

}  // namespace shellcarve::cli
