// logs/ -- the server's own logs, read from the image: IIS W3C logs, Exchange's HttpProxy,
// ECP and OABGenerator logs, and Windows event logs (evtx). They answer what the file system
// cannot: which requests reached the server, from where, and when -- the offline form of the
// checks Microsoft's Test-ProxyLogon.ps1 runs on a live Exchange server. Every row read keeps
// where it came from (the file's path and MFT entry, the line or event record, the byte offset
// in the file and, when the file's clusters map it, in the image), so that a request shown
// beside a webshell's birth can be found again in the evidence. Logs are parsed as streams:
// memory follows the hits kept, not the size of the logs.
//
// log_source.h: the families of logs and the provenance every log row carries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shellcarve::logs {

enum class LogFamily {
  kIis,           // IIS W3C extended logs (u_ex*.log)
  kHttpProxy,     // Exchange V15\Logging\HttpProxy\<protocol>\*.log
  kEcp,           // Exchange V15\Logging\ECP\Server\*.log
  kOabGenerator,  // Exchange V15\Logging\OABGeneratorLog\*.log
  kEvtx,          // Windows event logs (winevt\Logs\*.evtx)
};

// The word the timeline's `source` column and the outputs use: IIS, HTTPPROXY, ECP, OAB, EVTX.
std::string_view log_family_name(LogFamily family);

// Where one log row came from.
struct LogProvenance {
  std::string path;           // the log file's path on the volume
  uint64_t mft_entry = 0;
  uint16_t mft_sequence = 0;
  bool deleted = false;       // read from a deleted file's recoverable content
  uint64_t line_number = 0;   // 1-based line in a text log; 0 for an evtx record
  uint64_t record_id = 0;     // the evtx event record identifier; 0 for a text log
  uint64_t file_offset = 0;   // byte offset of the row in the file
  std::optional<uint64_t> image_offset;  // the same byte in the image, when its cluster maps
};

}  // namespace shellcarve::logs
