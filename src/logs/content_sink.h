// content_sink.h: where a log file's bytes go as they are read (from the volume, piece by
// piece, or from a plain file). Text logs are cut into lines as they stream (LineReader);
// an event log is gathered whole (evtx_content.h), because an EVTX chunk's records name
// their templates by offsets anywhere in the 64 KiB chunk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace shellcarve::logs {

class ContentSink {
 public:
  virtual ~ContentSink() = default;
  // The next bytes of the file (consecutive calls are contiguous); their first byte is at
  // `image_offset` in the image when known.
  virtual void feed(std::span<const std::byte> bytes, std::optional<uint64_t> image_offset = std::nullopt) = 0;
  // Bytes that are all zero (a sparse run, the part past the initialized size).
  virtual void feed_zeros(uint64_t count) = 0;
};

}  // namespace shellcarve::logs
