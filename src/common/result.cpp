#include "common/result.h"

namespace shellcarve {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIo: return "I/O error";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kTruncated: return "truncated";
    case ErrorCode::kFormat: return "unrecognised format";
    case ErrorCode::kCorrupt: return "corrupt";
    case ErrorCode::kChecksum: return "checksum mismatch";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kLimit: return "limit exceeded";
    case ErrorCode::kInvalidArgument: return "invalid argument";
  }
  return "error";
}

}  // namespace shellcarve
