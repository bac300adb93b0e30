#include "logs/line_reader.h"

#include <cstring>

#include "common/utf16.h"

namespace shellcarve::logs {
namespace {

// Bytes that never occur in a text log: NUL and the C0 controls other than TAB, CR, LF
// (IIS and Exchange write printable ASCII/UTF-8; '+' stands for spaces in IIS values).
constexpr bool is_binary_byte(unsigned char byte) {
  return byte < 0x20 && byte != '\t' && byte != '\r' && byte != '\n';
}

}  // namespace

LineReader::LineReader(Sink sink, size_t max_line_bytes) : sink_(std::move(sink)), max_line_bytes_(max_line_bytes) {}

void LineReader::start_line_at(std::optional<uint64_t> image_offset) {
  in_line_ = true;
  line_.clear();
  line_binary_ = false;
  line_cut_ = false;
  line_file_offset_ = offset_;
  line_image_offset_ = image_offset;
}

void LineReader::end_line() {
  ++line_number_;
  in_line_ = false;
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  if (line_binary_) {
    ++stats_.binary_lines;
    return;
  }
  if (line_cut_) ++stats_.long_lines;
  if (line_.empty()) return;
  ++stats_.lines;
  sink_(LogLine{line_, line_number_, line_file_offset_, line_image_offset_, line_cut_});
}

void LineReader::feed(std::span<const std::byte> bytes, std::optional<uint64_t> image_offset) {
  stats_.bytes += bytes.size();
  if (encoding_ == Encoding::kUnknown) {
    // The byte order mark needs the first three bytes; they are held until then.
    if (head_.empty()) head_image_offset_ = image_offset;
    size_t taken = 0;
    while (taken < bytes.size() && head_.size() < 3) head_.push_back(static_cast<char>(bytes[taken++]));
    if (head_.size() < 3) return;
    decide_encoding();
    bytes = bytes.subspan(taken);
    if (image_offset) image_offset = *image_offset + taken;
  }
  consume(bytes, image_offset);
}

// Chooses the encoding from the held first bytes and passes those after the mark on.
void LineReader::decide_encoding() {
  const std::string head = std::move(head_);
  head_.clear();
  size_t skip = 0;
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0xFF && static_cast<unsigned char>(head[1]) == 0xFE) {
    encoding_ = Encoding::kUtf16;
    stats_.utf16 = true;
    skip = 2;
  } else {
    encoding_ = Encoding::kUtf8;
    if (head == "\xEF\xBB\xBF") skip = 3;
  }
  offset_ += skip;
  const std::string_view rest = std::string_view(head).substr(skip);
  consume(std::span<const std::byte>(reinterpret_cast<const std::byte*>(rest.data()), rest.size()),
          head_image_offset_ ? std::optional<uint64_t>(*head_image_offset_ + skip) : std::nullopt);
}

void LineReader::consume(std::span<const std::byte> bytes, std::optional<uint64_t> image_offset) {
  size_t pos = 0;
  if (encoding_ == Encoding::kUtf16) {
    for (; pos < bytes.size(); ++pos)
      take_byte(static_cast<unsigned char>(bytes[pos]), image_offset ? std::optional<uint64_t>(*image_offset + pos) : std::nullopt);
    return;
  }
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  while (pos < size) {
    if (!in_line_) start_line_at(image_offset ? std::optional<uint64_t>(*image_offset + pos) : std::nullopt);
    const void* found = std::memchr(data + pos, '\n', size - pos);
    const size_t end = found ? static_cast<size_t>(static_cast<const unsigned char*>(found) - data) : size;
    if (!line_binary_) {
      for (size_t i = pos; i < end; ++i)
        if (is_binary_byte(data[i])) {
          line_binary_ = true;
          break;
        }
    }
    if (!line_binary_) {
      const size_t room = max_line_bytes_ > line_.size() ? max_line_bytes_ - line_.size() : 0;
      const size_t take = std::min(room, end - pos);
      line_.append(reinterpret_cast<const char*>(data + pos), take);
      if (take < end - pos) line_cut_ = true;
    }
    offset_ += end - pos;
    pos = end;
    if (found) {
      ++offset_;
      ++pos;
      end_line();
    }
  }
}

void LineReader::feed_zeros(uint64_t count) {
  if (count == 0) return;
  // Zeros cannot start a byte order mark: what was held is UTF-8 text.
  if (encoding_ == Encoding::kUnknown) decide_encoding();
  stats_.bytes += count;
  if (!in_line_) start_line_at(std::nullopt);
  line_binary_ = true;
  offset_ += count;
  pending_low_ = -1;
}

void LineReader::take_byte(unsigned char byte, std::optional<uint64_t> image_offset) {
  if (pending_low_ < 0) {
    if (!in_line_) start_line_at(image_offset);
    pending_low_ = byte;
    ++offset_;
    return;
  }
  const char32_t unit = static_cast<char32_t>(pending_low_) | (static_cast<char32_t>(byte) << 8);
  pending_low_ = -1;
  ++offset_;
  take_unit(unit);
}

// One UTF-16 code unit; surrogate pairs joined, an unpaired one rendered as U+FFFD.
void LineReader::take_unit(char32_t unit) {
  if (high_surrogate_ != 0) {
    const char32_t high = high_surrogate_;
    high_surrogate_ = 0;
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      if (line_.size() + 4 <= max_line_bytes_) append_utf8(line_, 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00));
      else line_cut_ = true;
      return;
    }
    if (line_.size() + 3 <= max_line_bytes_) append_utf8(line_, 0xFFFD);
  }
  if (unit == '\n') {
    end_line();
    return;
  }
  if (unit < 0x80 && is_binary_byte(static_cast<unsigned char>(unit))) line_binary_ = true;
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    high_surrogate_ = unit;
    return;
  }
  const char32_t code_point = (unit >= 0xDC00 && unit <= 0xDFFF) ? 0xFFFD : unit;
  if (line_binary_) return;
  if (line_.size() + 3 <= max_line_bytes_) append_utf8(line_, code_point);
  else line_cut_ = true;
}

void LineReader::finish() {
  if (encoding_ == Encoding::kUnknown) decide_encoding();
  if (pending_low_ >= 0) line_binary_ = true;  // half a UTF-16 code unit: the file was cut
  if (in_line_) {
    stats_.unterminated_last = true;
    end_line();
  }
}

}  // namespace shellcarve::logs
