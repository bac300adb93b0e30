// html_text.h: putting untrusted text (names, paths, labels, content and log lines read
// from an image, carried through the case folder's JSON) into the HTML report. Every such
// string goes through one of these two functions; nothing from the image is written raw.
//   - '&', '<', '>', '"' and '\'' become character references, in text and in attribute
//     values alike (attributes are always double-quoted), so "<script>" and
//     "\"><img onerror=...>" stay text.
//   - Characters common/display_text.h calls unsafe (controls, bidi overrides and isolates,
//     line separators) and bytes that are not UTF-8 are shown as visible escapes ("\u202e",
//     "\xff"): a right-to-left override cannot turn "evil\u202Egpj.aspx" into "evilxpsa.jpg"
//     on the page, and an invalid byte is seen rather than silently replaced.
#pragma once

#include <string>
#include <string_view>

namespace shellcarve::html {

// For element content: escapes as above, each unsafe character as
// <span class="esc">\u202e</span> so the reader sees it marked.
std::string text(std::string_view untrusted);

// For a double-quoted attribute value: the same escapes, without markup.
std::string attribute(std::string_view untrusted);

// A CSS string literal's content (between double quotes in a stylesheet): everything but
// ASCII letters, digits, space, '-', '_', '.', '/' and ':' as a CSS hex escape, so a case
// number cannot close the string or the <style> element.
std::string css_string(std::string_view untrusted);

}  // namespace shellcarve::html
