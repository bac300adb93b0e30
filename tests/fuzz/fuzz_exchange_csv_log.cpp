// Fuzz target: Exchange CSV log bytes (logs::LineReader + logs::ExchangeCsvReader, read as
// HttpProxy so CVE-2021-26855's check runs on every row).
#include "fuzz_log_input.h"
#include "fuzz_target.h"
#include "logs/exchange_csv_reader.h"

SHELLCARVE_FUZZ_TARGET(exchange_csv_log) {
  shellcarve::logs::ExchangeCsvReader reader(shellcarve::logs::LogFamily::kHttpProxy, [](const shellcarve::logs::LogRow& row) {
    shellcarve::fuzz::check_log_row(row);
  });
  shellcarve::fuzz::fuzz_log_rows(data, size, reader);
  return 0;
}
