// Fuzz target: IIS W3C log bytes (logs::LineReader + logs::W3cReader + the checks).
#include "fuzz_log_input.h"
#include "fuzz_target.h"
#include "logs/w3c_reader.h"

SHELLCARVE_FUZZ_TARGET(w3c_log) {
  shellcarve::logs::W3cReader reader([](const shellcarve::logs::LogRow& row) { shellcarve::fuzz::check_log_row(row); });
  shellcarve::fuzz::fuzz_log_rows(data, size, reader);
  return 0;
}
