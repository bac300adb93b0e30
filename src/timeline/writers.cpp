#include "timeline/writers.h"

#include <fmt/format.h>

#include "common/display_text.h"
#include "common/filetime.h"
#include "common/csv_cell.h"
#include "common/json_writer.h"

namespace shellcarve {
namespace {

// "live", or the VSS store's number.
std::string store_name(const TimelineEvent& e) { return e.store == 0 ? std::string("live") : std::to_string(e.store); }

// Room for the whole output before the first row: a string that grows by doubling copies
// itself at each step, and at the last one (hundreds of MiB on a 500k-file volume) the old
// and the new buffer are both resident. `fixed` covers the numbers, keys and separators of
// one row; the texts of the event count once for each place a row repeats them (the path
// also sits in the message). An estimate a little high costs nothing: pages never written
// are never resident.
void reserve_for(std::string& out, const std::vector<TimelineEvent>& events, size_t fixed) {
  size_t total = 0;
  for (const auto& e : events)
    total += fixed + 2 * (e.path.size() + e.stream.size() + e.timestamp_desc.size()) + e.webroot.size() +
             e.message.size();
  out.reserve(total + total / 16);
}

}  // namespace

const std::vector<std::string>& timeline_columns() {
  static const std::vector<std::string> kColumns{
      "datetime", "timestamp_desc", "macb", "path", "stream", "mft_entry", "mft_sequence",
      "deleted", "source", "filetime", "size", "image_offset", "partition", "store", "store_time", "webroot",
      "message"};
  return kColumns;
}

namespace {

void append_csv_header(std::string& out) {
  for (size_t i = 0; i < timeline_columns().size(); ++i)
    out += (i ? "," : "") + timeline_columns()[i];
  out += "\r\n";
}

void append_csv_row(std::string& out, const TimelineEvent& e) {
  out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
                     filetime_to_iso8601(e.filetime), csv_cell(e.timestamp_desc.str()), e.macb,
                     csv_cell(e.path), csv_cell(e.stream), e.mft_entry, e.mft_sequence,
                     e.deleted ? "true" : "false", e.source, e.filetime, e.size,
                     e.image_offset, e.partition, store_name(e), e.store == 0 ? "" : filetime_to_iso8601(e.store_time),
                     csv_cell(e.webroot.str()), csv_cell(event_message(e)));
}

void append_jsonl_row(std::string& out, const TimelineEvent& e) {
  JsonWriter json(0);
  json.begin_object();
  json.key("message").value(event_message(e));
  json.key("datetime").value(filetime_to_iso8601(e.filetime));
  json.key("timestamp_desc").value(e.timestamp_desc.view());
  json.key("macb").value(e.macb.view());
  json.key("path").value(e.path);
  json.key("stream").value(e.stream);
  json.key("mft_entry").value(e.mft_entry);
  json.key("mft_sequence").value(static_cast<uint64_t>(e.mft_sequence));
  json.key("deleted").value(e.deleted);
  json.key("source").value(e.source.view());
  json.key("filetime").value(e.filetime);
  json.key("size").value(e.size);
  json.key("image_offset").value(e.image_offset);
  json.key("partition").value(static_cast<uint64_t>(e.partition));
  json.key("store").value(store_name(e));
  json.key("store_time");
  if (e.store == 0) json.null();
  else json.value(filetime_to_iso8601(e.store_time));
  json.key("webroot").value(e.webroot.view());
  json.end_object();
  out += json.take();
  out += "\n";
}

void append_bodyfile_row(std::string& out, const TimelineEvent& e) {
  const int64_t seconds = std::max<int64_t>(0, filetime_to_unix_seconds(e.filetime));
  int64_t atime = 0, mtime = 0, ctime = 0, crtime = 0;
  if (e.macb == "M...") mtime = seconds;
  else if (e.macb == ".A..") atime = seconds;
  else if (e.macb == "..C.") ctime = seconds;
  else crtime = seconds;
  std::string name = e.path + (e.stream.empty() ? "" : ":" + e.stream) + " [" + e.timestamp_desc.str() + "]";
  if (e.deleted) name += " (deleted)";
  if (e.store != 0) name += " (vss" + std::to_string(e.store) + ")";
  name = mask_bodyfile_field(name);  // controls, bidi overrides and '|': '^'
  out += fmt::format("0|{}|{}|0|0|0|{}|{}|{}|{}|{}\n", name, e.mft_entry, e.size, atime, mtime,
                     ctime, crtime);
}

using RowWriter = void (*)(std::string&, const TimelineEvent&);

// Whole rows gathered into pieces of about kPiece bytes for the sink.
void stream_rows(const std::vector<TimelineEvent>& events, RowWriter row, std::string piece,
                 const TimelineSink& sink) {
  constexpr size_t kPiece = 1u << 20;
  piece.reserve(kPiece + 4096);
  for (const auto& e : events) {
    row(piece, e);
    if (piece.size() >= kPiece) {
      sink(piece);
      piece.clear();
    }
  }
  if (!piece.empty()) sink(piece);
}

std::string whole_text(const std::vector<TimelineEvent>& events, RowWriter row, std::string header,
                       size_t fixed) {
  std::string out = std::move(header);
  reserve_for(out, events, fixed);
  for (const auto& e : events) row(out, e);
  return out;
}

}  // namespace

std::string write_timeline_csv(const std::vector<TimelineEvent>& events) {
  std::string header;
  append_csv_header(header);
  return whole_text(events, append_csv_row, std::move(header), 200);
}

void write_timeline_csv(const std::vector<TimelineEvent>& events, const TimelineSink& sink) {
  std::string header;
  append_csv_header(header);
  stream_rows(events, append_csv_row, std::move(header), sink);
}

std::string write_timeline_jsonl(const std::vector<TimelineEvent>& events) {
  return whole_text(events, append_jsonl_row, {}, 420);
}

void write_timeline_jsonl(const std::vector<TimelineEvent>& events, const TimelineSink& sink) {
  stream_rows(events, append_jsonl_row, {}, sink);
}

std::string write_timeline_bodyfile(const std::vector<TimelineEvent>& events) {
  return whole_text(events, append_bodyfile_row, {}, 100);
}

void write_timeline_bodyfile(const std::vector<TimelineEvent>& events, const TimelineSink& sink) {
  stream_rows(events, append_bodyfile_row, {}, sink);
}

}  // namespace shellcarve
