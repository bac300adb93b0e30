// display_text.h: making untrusted text (names, stream names, content quoted from a file)
// safe to put in a line-oriented output or on a terminal. Windows lets a file name hold
// any UTF-16 unit but '\0' and '/' (and POSIX-namespace names not even that), so a name
// can carry a newline that forges a row, an escape sequence that rewrites the examiner's
// terminal, or a right-to-left override that shows "evil\u202Egpj.aspx" as
// "evilxpsa.jpg". Those characters are never written raw:
//   - C0 controls, DEL, C1 controls (U+0080..U+009F: U+009B is a terminal CSI),
//   - U+2028/U+2029 (line and paragraph separators),
//   - bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
//     U+202A..U+202E, U+2066..U+2069),
//   - bytes that are not valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace shellcarve {

// True for the code points listed above.
bool is_unsafe_code_point(char32_t code_point);

// `text` with each unsafe character made a visible escape: "\x0a" for a C0 control, DEL
// or an invalid byte, "\u202e" for the others. Everything else is kept as is.
std::string escape_unsafe_text(std::string_view text);

// `text` with each unsafe character (or invalid byte) replaced by `mask`: the convention
// of The Sleuth Kit's fls and bodyfiles, which replace control characters with '^'.
std::string mask_unsafe_text(std::string_view text, char mask = '^');

// A name for a bodyfile (the mactime format: 11 fields split on every '|'): unsafe
// characters and '|' itself masked as '^'. fls 4.11 writes a '|' in a name raw, and mactime
// then drops the whole line (sleuthkit/sleuthkit issue 2124; checked with fls and mactime
// 4.11.1 on an ntfs-3g volume holding "a|b.aspx"); the mask keeps 11 fields.
std::string mask_bodyfile_field(std::string_view text);

}  // namespace shellcarve
