// suspicious_file.h: the post-exploitation files Test-ProxyLogon.ps1 lists (Get-SuspiciousFile)
// -- LSASS dumps, archives staged for exfiltration -- and the mailbox exports of the same
// campaigns, as found on the volume: allocated or deleted, by name and by content.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "logs/log_source.h"

namespace shellcarve::logs {

enum class SuspiciousKind {
  kLsassDump,          // name like lsass*dmp, or the MDMP minidump signature
  kSuspiciousArchive,  // .7z/.zip/.rar by name in ProgramData, or by signature there and in web roots
  kMailboxExport,      // .pst (or the !BDN PST signature) in a web-reachable folder
};

// "LsassDump", "SuspiciousArchive" (Test-ProxyLogon's Type values), "MailboxExport".
std::string_view suspicious_kind_name(SuspiciousKind kind);

struct SuspiciousFile {
  SuspiciousKind kind = SuspiciousKind::kLsassDump;
  std::string path;
  uint64_t mft_entry = 0;
  uint16_t mft_sequence = 0;
  bool deleted = false;
  uint64_t size = 0;
  std::string evidence;  // "name lsass*dmp; MDMP signature", "7-Zip signature" ...
  std::optional<uint64_t> created, modified;  // $STANDARD_INFORMATION times
  // For a deleted file: whether its clusters are still free (content recoverable).
  std::string content;  // "recoverable", "overwritten", "allocated", "resident"
};

}  // namespace shellcarve::logs
