// line_reader.h: a log file's bytes, given in pieces as they are read (from the volume or a
// plain file), cut into lines without ever holding more than one line. A line is cut at
// Limits::max_log_line_bytes (the rest of it skipped and counted: a 1 MB line on a web
// log is an attack or damage, not a request); a line holding NUL bytes or other binary
// garbage (zeroed clusters of a deleted log, a reused cluster) is skipped and counted. A
// file starting with the UTF-16 LE byte order mark (FF FE) is decoded to UTF-8; one
// starting with the UTF-8 BOM has it dropped. CR before LF is removed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "logs/content_sink.h"

namespace shellcarve::logs {

// One line, valid only during the sink call.
struct LogLine {
  std::string_view text;     // UTF-8 (decoded when the file is UTF-16), no CR/LF
  uint64_t line_number = 0;  // 1-based
  uint64_t file_offset = 0;  // of the line's first byte in the file
  std::optional<uint64_t> image_offset;  // of the same byte in the image, when known
  bool cut = false;          // longer than the limit: only its start is here
};

struct LineStats {
  uint64_t lines = 0;          // lines given to the sink
  uint64_t long_lines = 0;     // cut at the limit
  uint64_t binary_lines = 0;   // skipped: NUL or control bytes
  uint64_t bytes = 0;          // bytes fed
  bool utf16 = false;          // the file began with the UTF-16 LE BOM
  bool unterminated_last = false;  // the last line had no LF (a truncated or live file)
};

class LineReader final : public ContentSink {
 public:
  using Sink = std::function<void(const LogLine&)>;
  LineReader(Sink sink, size_t max_line_bytes);

  // The next bytes of the file, at `file_offset` (consecutive calls are contiguous); their
  // first byte is at `image_offset` in the image when known.
  void feed(std::span<const std::byte> bytes, std::optional<uint64_t> image_offset = std::nullopt) override;
  // Bytes that are all zero (a sparse run, the part past the initialized size): they make
  // the current line binary without being copied.
  void feed_zeros(uint64_t count) override;
  // The end of the file: the last line, if it had no LF, is given now.
  void finish();
  const LineStats& stats() const { return stats_; }

 private:
  void decide_encoding();
  void consume(std::span<const std::byte> bytes, std::optional<uint64_t> image_offset);
  void take_byte(unsigned char byte, std::optional<uint64_t> image_offset);
  void take_unit(char32_t unit);
  void end_line();
  void start_line_at(std::optional<uint64_t> image_offset);

  Sink sink_;
  size_t max_line_bytes_;
  LineStats stats_;
  std::string line_;
  bool in_line_ = false;
  bool line_binary_ = false;
  bool line_cut_ = false;
  uint64_t line_file_offset_ = 0;
  std::optional<uint64_t> line_image_offset_;
  uint64_t offset_ = 0;   // bytes of the file seen so far
  uint64_t line_number_ = 0;
  // Byte order mark detection over the first bytes.
  enum class Encoding { kUnknown, kUtf8, kUtf16 } encoding_ = Encoding::kUnknown;
  std::string head_;  // the first bytes until the encoding is known
  std::optional<uint64_t> head_image_offset_;
  int pending_low_ = -1;       // UTF-16: the low byte of a code unit waiting for its high byte
  char32_t high_surrogate_ = 0;
};

}  // namespace shellcarve::logs
