#include "logs/event_logs.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "common/filetime.h"
#include "common/limits.h"
#include "common/text.h"
#include "logs/content_sink.h"
#include "logs/evtx/evtx_checks.h"
#include "logs/evtx/evtx_file.h"

namespace shellcarve::logs {
namespace {

// The file's bytes in memory, and where each piece of them lies in the image, so that a
// record's file offset can be given as an image offset too.
class EvtxContent final : public ContentSink {
 public:
  explicit EvtxContent(uint64_t max_bytes) : max_bytes_(max_bytes) {}

  void feed(std::span<const std::byte> bytes, std::optional<uint64_t> image_offset) override {
    total_ += bytes.size();
    const uint64_t room = max_bytes_ - std::min<uint64_t>(max_bytes_, bytes_.size());
    if (room == 0) return;
    if (bytes.size() > room) bytes = bytes.first(room);
    if (image_offset) pieces_.push_back({bytes_.size(), bytes.size(), *image_offset});
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  }
  void feed_zeros(uint64_t count) override {
    total_ += count;
    const uint64_t room = max_bytes_ - std::min<uint64_t>(max_bytes_, bytes_.size());
    bytes_.resize(bytes_.size() + std::min(room, count), std::byte{0});
  }

  std::span<const std::byte> bytes() const { return bytes_; }
  uint64_t total() const { return total_; }
  std::optional<uint64_t> image_offset_of(uint64_t file_offset) const {
    // Pieces are in file order; the last one starting at or before the offset.
    auto it = std::upper_bound(pieces_.begin(), pieces_.end(), file_offset,
                               [](uint64_t offset, const Piece& p) { return offset < p.file_offset; });
    if (it == pieces_.begin()) return std::nullopt;
    --it;
    if (file_offset - it->file_offset >= it->length) return std::nullopt;
    return it->image_offset + (file_offset - it->file_offset);
  }

 private:
  struct Piece {
    uint64_t file_offset, length, image_offset;
  };
  uint64_t max_bytes_;
  uint64_t total_ = 0;
  std::vector<std::byte> bytes_;
  std::vector<Piece> pieces_;
};

std::string hit_detail(const evtx::EvtxCheckHit& hit) {
  std::string detail = hit.cmdlet.empty() ? hit.parameters : hit.cmdlet + " " + hit.parameters;
  if (!hit.user.empty()) detail += " (by " + hit.user + ")";
  return fmt::format("{} event {} record {}{}: {}", hit.provider, hit.event_id, hit.record_id,
                     hit.in_chunk_slack ? " (recovered from chunk slack: the log no longer counts it)" : "", detail);
}

}  // namespace

bool event_log_is_checked(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  const std::string name = ascii_lower(path.substr(slash == std::string_view::npos ? 0 : slash + 1));
  return name == "application.evtx" || name == "msexchange management.evtx" || name == "forwardedevents.evtx";
}

EventLogRead read_event_log(const LogFileInput& input) {
  const Limits& limits = default_limits();
  EventLogRead read;
  read.summary.family = LogFamily::kEvtx;
  read.summary.file = input.file;
  EvtxContent content(limits.max_evtx_file_bytes);
  const Status fed = input.feed(content);
  read.summary.bytes = content.total();
  if (!fed) read.summary.error = fed.error().message;
  if (content.total() > content.bytes().size()) {
    read.warnings.push_back(fmt::format("{}: event log of {} bytes read up to {} bytes (max_evtx_file_bytes)",
                                        input.file.path, content.total(), content.bytes().size()));
    if (read.summary.error.empty()) read.summary.error = "read only in part (max_evtx_file_bytes)";
  }
  const evtx::EvtxFileCoverage coverage =
      evtx::read_evtx(content.bytes(), limits, [&](evtx::EvtxEvent&& event) {
        read.record_times.push_back(event.time_created.value_or(event.written_time));
        for (evtx::EvtxCheckHit& hit : evtx::check_evtx_event(event, input.file)) {
          LogHit out;
          out.check = hit.check;
          out.family = LogFamily::kEvtx;
          out.time.filetime = hit.time;
          out.time.raw = filetime_to_iso8601(hit.time);
          out.detail = hit_detail(hit);
          out.line = std::move(hit.rendered);
          out.provenance = std::move(hit.provenance);
          out.provenance.image_offset = content.image_offset_of(hit.file_offset);
          read.hits.push_back(std::move(out));
        }
      });
  read.summary.lines = coverage.records;
  read.summary.rows = coverage.records;
  read.summary.malformed = coverage.records_skipped;
  read.summary.first_time = coverage.first_time;
  read.summary.last_time = coverage.last_time;
  for (const evtx::EvtxWarning& warning : coverage.warnings) {
    // Carved chunks are fed after a zero stand-in for the header they no longer have.
    if (input.carved && warning.kind == "evtx_file_signature") continue;
    read.warnings.push_back(fmt::format("{}: {} at file offset {}: {}", input.file.path, warning.kind,
                                        warning.file_offset, warning.message));
  }
  // Damaged chunks and records are in the warnings and in `malformed`; the file was read.
  read.summary.malformed += coverage.chunks_skipped;
  return read;
}

}  // namespace shellcarve::logs
