#include "timeline/event_builder.h"

#include <fmt/format.h>

#include <array>

namespace shellcarve {
namespace {

using ntfs::CatalogEntry;
using ntfs::NtfsTimes;

struct TimeField {
  uint64_t NtfsTimes::*member;
  const char* name;
  const char* macb;
};

// MACB as plaso and mactime use it: C is the MFT record change time.
constexpr std::array<TimeField, 4> kTimeFields{{
    {&NtfsTimes::modification, "Modification", "M..."},
    {&NtfsTimes::access, "Access", ".A.."},
    {&NtfsTimes::mft_modification, "MFT Entry Change", "..C."},
    {&NtfsTimes::creation, "Creation", "...B"},
}};

}  // namespace

void append_time_events(std::vector<TimelineEvent>& events, const TimelineEvent& base,
                        const ntfs::NtfsTimes& times, const std::string& prefix,
                        const std::string& note) {
  for (const TimeField& field : kTimeFields) {
    const uint64_t value = times.*field.member;
    if (value == 0) continue;  // never set: no moment to report
    TimelineEvent event = base;
    event.filetime = value;
    event.timestamp_desc = fmt::format("{} {}", prefix, field.name);
    event.macb = field.macb;
    // The message is worded from these fields when written (event_message); only a note
    // makes it text of its own.
    if (!note.empty()) event.message = event_message(event) + note;
    events.push_back(std::move(event));
  }
}

WebTimeline build_web_timeline(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                               const WebRootSelection& webroots, const UsnTimeline* usn) {
  WebTimeline timeline;
  timeline.calibration = calibrate_timestomp(catalog, tree, usn);
  const auto format_time = volume_format_time(catalog);
  for (size_t i = 0; i < tree.names.size(); ++i) {
    const ntfs::PlacedName& placed = tree.names[i];
    const auto root = webroots.root_of(placed.path);
    if (!root) continue;
    const CatalogEntry& entry = catalog.entries[placed.entry];
    const ntfs::FileNameAttribute* name =
        placed.name_index == ntfs::PlacedName::kNoName ? nullptr : &entry.file_names[placed.name_index];

    TimelineEvent base;
    base.path = placed.path;
    base.mft_entry = entry.entry;
    base.mft_sequence = entry.sequence;
    base.deleted = placed.deleted;
    base.webroot = *root;

    if (entry.standard_information) {
      bool any_stream = false;
      for (const auto& stream : entry.streams) {
        if (stream.type != ntfs::AttributeType::kData) continue;
        TimelineEvent si = base;
        si.stream = stream.name;
        si.source = "SI";
        si.size = stream.size;
        si.image_offset = entry.standard_information->image_offset;
        append_time_events(timeline.events, si, entry.standard_information->times, "$SI");
        any_stream = true;
      }
      if (!any_stream) {  // directories and files without $DATA: one set for the record
        TimelineEvent si = base;
        si.source = "SI";
        si.image_offset = entry.standard_information->image_offset;
        append_time_events(timeline.events, si, entry.standard_information->times, "$SI");
      }
    }
    if (name) {
      TimelineEvent fn = base;
      fn.source = "FN";
      fn.size = name->real_size;
      fn.image_offset = name->image_offset;
      append_time_events(timeline.events, fn, name->times, "$FN");
    }

    FileInScope file{entry.entry, i, *root, {}, {}};
    const TimestompContext context = timestomp_context_of(catalog, entry, name, usn, format_time);
    file.timestomp = find_timestomp_indicators(entry, name, context);
    file.judgement = judge_timestomp(entry, name, file.timestomp, timeline.calibration.noisy);
    ++timeline.calibration.judged;
    timeline.calibration.judged_yes += file.judgement.verdict == TimestompVerdict::kYes;
    timeline.calibration.judged_undetermined += file.judgement.verdict == TimestompVerdict::kUndetermined;
    // Volume-wide indicators are one note in the manifest, not an event per file.
    for (const auto& indicator : file.timestomp) {
      if (timeline.calibration.noisy[static_cast<int>(indicator.kind)]) continue;
      TimelineEvent event = base;
      event.filetime = indicator.filetime;
      event.timestamp_desc = std::string("Timestomp indicator: ") + timestomp_kind_name(indicator.kind);
      event.macb = "...B";
      event.source = "TIMESTOMP";
      event.image_offset = entry.standard_information->image_offset;
      event.message = indicator.evidence;
      timeline.events.push_back(std::move(event));
    }
    timeline.files.push_back(std::move(file));
  }
  if (usn) timeline.events.insert(timeline.events.end(), usn->events.begin(), usn->events.end());
  sort_events(timeline.events);
  return timeline;
}

}  // namespace shellcarve
