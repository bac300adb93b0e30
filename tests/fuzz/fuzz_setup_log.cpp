// Fuzz target: an Exchange setup log's text (detect::scan_setup_log). Every mention must
// name a line inside the input, hold a build or a KB, and quote at most kMaxSetupLogLine bytes.
#include <cstdlib>
#include <span>

#include "detect/setup_log.h"
#include "fuzz_target.h"

SHELLCARVE_FUZZ_TARGET(setup_log) {
  using namespace shellcarve::detect;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  for (const SetupLogMention& m : scan_setup_log(bytes)) {
    if (m.line == 0 || m.line > size + 1 || m.text.size() > kMaxSetupLogLine) std::abort();
    if (m.build.has_value() == !m.kb.empty()) std::abort();
  }
  return 0;
}
