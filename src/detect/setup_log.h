// Exchange setup logs (C:\ExchangeSetupLogs\ExchangeSetup.log, ServiceControl.log and the
// other *.log files setup and the security-update installer write there): the lines that
// name an Exchange build ("15.1.2176.9", also with leading zeros as "15.01.2176.009") or a KB
// article ("KB5000871"). The text is untrusted bytes from the image: any encoding, any
// length; lines are cut at kMaxSetupLogLine bytes and non-ASCII bytes are kept only in the
// quoted line (which the JSON writer escapes).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "detect/exchange_builds.h"

namespace shellcarve::detect {

inline constexpr size_t kMaxSetupLogLine = 512;
// A log names builds on many lines (every step repeats the version); one mention per
// distinct build or KB per file is kept, the first, and the count of the others.
struct SetupLogMention {
  size_t line = 0;                          // 1-based
  std::optional<ParsedVersion> build;       // a build number on the line ...
  std::string kb;                           // ... or a KB article ("KB5000871")
  std::optional<uint64_t> time;             // the line's "[MM/DD/YYYY HH:MM:SS.ffff]" stamp
  std::string text;                         // the line, cut at kMaxSetupLogLine
  size_t repeats = 0;                       // later lines naming the same build or KB
};

// Setup's own logs are UTF-8/ASCII; a UTF-16LE log (BOM FF FE) is read by dropping the
// zero high bytes of ASCII characters.
std::vector<SetupLogMention> scan_setup_log(std::span<const std::byte> bytes);

}  // namespace shellcarve::detect
