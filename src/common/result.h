// common/ -- the pieces every module shares: the error/result type, the bounds-checked
// little-endian byte reader for untrusted bytes, FILETIME and UTF-16 conversion, the one
// struct of limits, and provenance (where a byte came from). Nothing here knows a format.
//
// result.h: errors the caller can act on are values. A parser returns Result<T>; a damaged
// structure that still yields something is returned with flags, not as an error.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace shellcarve {

enum class ErrorCode {
  kIo,           // the operating system refused a read or open
  kNotFound,     // a file, segment, entry or stream that does not exist
  kTruncated,    // fewer bytes than a structure or the media claims
  kFormat,       // bytes that are not the structure we expected (bad signature, magic)
  kCorrupt,      // the right structure, with inconsistent or impossible values
  kChecksum,     // a stored checksum or hash does not match the bytes
  kUnsupported,  // a valid structure we do not handle
  kLimit,        // a value beyond one of our Limits
  kInvalidArgument,
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kCorrupt;
  std::string message;  // says what and where (offset, entry, segment)
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace shellcarve

// SC_ASSIGN_OR_RETURN(lhs, expr): evaluates a Result; on error returns it from the enclosing
// function (whose return type is any Result/Status), else assigns the value to `lhs`
// (which may be a declaration, e.g. `auto x`).
#define SC_CONCAT_INNER(a, b) a##b
#define SC_CONCAT(a, b) SC_CONCAT_INNER(a, b)
#define SC_ASSIGN_OR_RETURN(lhs, expr) SC_ASSIGN_OR_RETURN_IMPL(SC_CONCAT(sc_result_, __LINE__), lhs, expr)
#define SC_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp) return std::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
// SC_RETURN_IF_ERROR(expr): for Status-returning calls.
#define SC_RETURN_IF_ERROR(expr)                                  \
  do {                                                            \
    if (auto sc_status = (expr); !sc_status)                      \
      return std::unexpected(std::move(sc_status).error());       \
  } while (0)
