// Fuzz target: the Exchange known-good table (rules/exchange-baselines.bin). The first
// input byte chooses what the rest is: odd, a whole file (header, zlib stream, payload);
// even, an inflated payload, so the fuzzer reaches the parser without forging zlib. A table
// that parses must answer every lookup of its own paths within its bounds.
#include <cstdlib>
#include <span>

#include "detect/exchange_baselines.h"
#include "fuzz_target.h"

SHELLCARVE_FUZZ_TARGET(exchange_baselines) {
  using namespace shellcarve::detect;
  if (size < 1) return 0;
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  auto table = (data[0] & 1) ? ExchangeBaselines::decode(input) : ExchangeBaselines::parse_payload(input);
  if (!table) {
    if (table.error().message.empty()) std::abort();
    return 0;
  }
  const Sha256Digest zero{};
  for (size_t i = 0; i < table->path_count(); ++i) {
    const auto found = table->find_path(table->path(i));
    if (!found || *found != i) std::abort();
    for (const uint16_t build : table->builds_with(i, zero))
      if (build >= table->builds().size()) std::abort();
  }
  (void)table->find_build("15.2.858.5");
  return 0;
}
