// Fuzz target: a whole .evtx file (logs::evtx::read_evtx and the checks on its records).
// Every event and warning must point inside the input, counts must add up, and the rendered
// XML must stay within max_evtx_rendered_bytes and on one line.
#include <cstdlib>
#include <span>

#include "fuzz_target.h"
#include "logs/evtx/evtx_checks.h"

SHELLCARVE_FUZZ_TARGET(evtx) {
  using namespace shellcarve::logs::evtx;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  shellcarve::Limits limits;
  limits.max_evtx_items_per_record = 20000;  // keeps one input's work small
  uint64_t events = 0;
  const EvtxFileCoverage coverage = read_evtx(bytes, limits, [&](EvtxEvent&& e) {
    ++events;
    if (e.file_offset >= size) std::abort();
    if (e.xml.size() > limits.max_evtx_rendered_bytes) std::abort();
    if (e.xml.find('\n') != std::string::npos) std::abort();
    (void)check_evtx_event(e, shellcarve::logs::LogProvenance{});
  });
  if (events != coverage.records) std::abort();
  for (const EvtxWarning& w : coverage.warnings)
    if (w.file_offset > size || w.kind.empty()) std::abort();
  return 0;
}
