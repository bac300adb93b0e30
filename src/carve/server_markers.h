// The carver's pre-filter: where in a buffer server-side page code may start. Free space is
// mostly zeros or binary; scanning all of it with every YARA rule would cost far more than
// reading it, so only the places holding one of these markers are cut out and given to YARA:
//   <%             ASP / ASP.NET code block or directive (China Chopper: <%@ Page ...%><%eval..)
//   <script        any case; a <script runat="server"> block starts with it
//   runat          any case, followed by optional blanks, '=', optional blanks and quote,
//                  then "server" -- the ASP.NET server-control attribute
//   eval(          any case (JScript eval, VBScript Eval)
//   request        any case (Request.Item[..], Request.Form, $_REQUEST, request("x"))
//
// Speed: one pass over the bytes with 16-byte vector compares (GCC/Clang vector extensions,
// so SSE2 on x86-64 with no intrinsics and no CPU dispatch): a lane is a candidate when it
// starts "<%", or, case-folded, "<sc", "eva", "req" or "run"; only candidates are verified
// byte by byte.
// On zero-filled or binary space almost no lane is a candidate, so the scan runs at memory
// speed. Pure function, safe from any thread.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace shellcarve::carve {

inline constexpr size_t kNoMarker = static_cast<size_t>(-1);

struct MarkerHit {
  size_t offset = kNoMarker;  // of the marker's first byte in the buffer
  std::string_view marker;    // "<%", "<script", "runat=server", "eval(", "request"
  bool found() const { return offset != kNoMarker; }
};

// The first marker starting in bytes[from, to) (to is clamped to bytes.size()); the marker
// may end past `to`, as long as it ends inside `bytes`.
MarkerHit find_server_marker(std::span<const std::byte> bytes, size_t from, size_t to);

}  // namespace shellcarve::carve
