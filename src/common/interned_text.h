// InternedText: a short text of which a run holds few distinct values but many copies --
// an event's description ("$SI Modification"), MACB, source, web root -- kept once per
// process and referred to by one pointer. On a web root of 100,000 files the timeline holds
// about 800,000 events until the scan ends; as std::string these four fields cost about 150
// bytes an event (32 each, plus a heap copy for those over 15 characters), as InternedText 8.
//
// Values are never freed: use it only for texts drawn from a small set (names we choose,
// web-root paths, combinations of journal reason flags), never for per-file names.
// Interning is thread-safe; an InternedText is an immutable value.
#pragma once

#include <compare>
#include <ostream>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace shellcarve {

class InternedText {
 public:
  InternedText();
  InternedText(std::string_view text);  // NOLINT(google-explicit-constructor): a text value
  InternedText(const char* text) : InternedText(std::string_view(text)) {}  // NOLINT
  InternedText(const std::string& text) : InternedText(std::string_view(text)) {}  // NOLINT

  const std::string& str() const { return *text_; }
  std::string_view view() const { return *text_; }
  operator std::string_view() const { return *text_; }  // NOLINT: reads as a text
  size_t size() const { return text_->size(); }
  bool empty() const { return text_->empty(); }

  friend bool operator==(const InternedText& a, const InternedText& b) { return a.text_ == b.text_; }
  friend bool operator==(const InternedText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const InternedText& a, const char* b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const InternedText& a, const InternedText& b) {
    return a.text_ == b.text_ ? std::strong_ordering::equal : a.view() <=> b.view();
  }
  friend std::string operator+(const std::string& a, const InternedText& b) { return a + b.str(); }
  friend std::string operator+(const InternedText& a, const std::string& b) { return a.str() + b; }
  friend std::ostream& operator<<(std::ostream& out, const InternedText& text) { return out << text.str(); }

 private:
  const std::string* text_;
};

}  // namespace shellcarve

template <>
struct fmt::formatter<shellcarve::InternedText> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(const shellcarve::InternedText& text, Context& context) const {
    return fmt::formatter<std::string_view>::format(text.view(), context);
  }
};
