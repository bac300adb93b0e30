#include "case/snapshot_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "common/digest.h"
#include "common/filetime.h"
#include "ntfs/stream_reader.h"

namespace shellcarve {
namespace {

struct Side {
  const VolumeAnalysis* analysis;
  // Allocated web-root files by path: index into analysis->timeline.files.
  std::map<std::string_view, size_t> by_path;
};

Side index_files(const VolumeAnalysis& analysis) {
  Side side{&analysis, {}};
  for (size_t i = 0; i < analysis.timeline.files.size(); ++i) {
    const FileInScope& file = analysis.timeline.files[i];
    const ntfs::PlacedName& name = analysis.tree.names[file.placed_index];
    const ntfs::CatalogEntry* entry = analysis.catalog.find(file.entry);
    if (name.deleted || entry == nullptr || !entry->in_use() || entry->is_directory()) continue;
    if (name.path.starts_with("/$") || name.path.starts_with("/System Volume Information/")) continue;
    side.by_path.emplace(name.path, i);
  }
  return side;
}

// SHA-256 of the unnamed $DATA of `entry` ("" when it cannot be read: the diff then says
// nothing about content).
std::string content_sha256(const ntfs::NtfsVolume& volume, uint64_t entry) {
  auto file = volume.read_file(entry);
  if (!file) return "";
  for (const auto& attribute : file->attributes) {
    if (attribute.type != ntfs::AttributeType::kData || !attribute.name.empty() || attribute.lowest_vcn != 0) continue;
    Sha256Stream digest;
    auto status = ntfs::read_stream(volume, attribute, [&](const ntfs::StreamPiece& piece) {
      digest.update(std::string_view(reinterpret_cast<const char*>(piece.bytes.data()), piece.bytes.size()));
      return true;
    });
    return status ? digest.finish_hex() : "";
  }
  return "";
}

FileVersion version_of(const Side& side, size_t index) {
  const VolumeAnalysis& a = *side.analysis;
  const FileInScope& file = a.timeline.files[index];
  const ntfs::CatalogEntry& entry = *a.catalog.find(file.entry);
  FileVersion v;
  v.mft_entry = entry.entry;
  v.mft_sequence = entry.sequence;
  v.record_offset = entry.image_offset;
  for (const auto& stream : entry.streams)
    if (stream.type == ntfs::AttributeType::kData && stream.name.empty()) v.size = stream.size;
  if (entry.standard_information) v.si = entry.standard_information->times;
  if (a.volume != nullptr) v.sha256 = content_sha256(*a.volume, entry.entry);
  return v;
}

std::string times_text(const ntfs::NtfsTimes& t) {
  return fmt::format("M {} A {} C {} B {}", filetime_to_iso8601(t.modification), filetime_to_iso8601(t.access),
                     filetime_to_iso8601(t.mft_modification), filetime_to_iso8601(t.creation));
}

std::string version_text(const char* which, const std::optional<FileVersion>& v, uint32_t store, uint64_t store_time) {
  const std::string where = store == 0 ? std::string("live")
                                       : fmt::format("VSS store {} ({})", store, filetime_to_iso8601(store_time));
  if (!v) return fmt::format("{} {}: absent", which, where);
  return fmt::format("{} {}: MFT entry {}-{}, {} bytes, sha256 {}, $SI {}", which, where, v->mft_entry,
                     v->mft_sequence, v->size, v->sha256.empty() ? "unreadable" : v->sha256, times_text(v->si));
}

}  // namespace

const char* snapshot_change_name(SnapshotChange change) {
  switch (change) {
    case SnapshotChange::kDeletedSinceSnapshot: return "deleted_since_snapshot";
    case SnapshotChange::kContentChanged: return "content_changed";
    case SnapshotChange::kTimestampsChanged: return "timestamps_changed";
    case SnapshotChange::kTimestompUndone: return "timestomp_undone";
    case SnapshotChange::kAddedSinceSnapshot: return "added_since_snapshot";
  }
  return "?";
}

std::vector<SnapshotDifference> diff_snapshot(const VolumeAnalysis& live, const VolumeAnalysis& snapshot,
                                              LiveVersions& cache) {
  const Side now = index_files(live);
  const Side then = index_files(snapshot);
  auto live_version = [&](std::string_view path, size_t index) {
    auto it = cache.find(path);
    if (it == cache.end()) it = cache.emplace(std::string(path), version_of(now, index)).first;
    return it->second;
  };
  std::vector<SnapshotDifference> out;
  auto base = [&](SnapshotChange change, std::string_view path, const InternedText& webroot) {
    SnapshotDifference d;
    d.change = change;
    d.path = std::string(path);
    d.webroot = webroot.str();
    d.partition = live.partition.index;
    d.store = snapshot.store;
    d.store_time = snapshot.store_time;
    return d;
  };
  for (const auto& [path, index] : then.by_path) {
    const FileInScope& file = snapshot.timeline.files[index];
    const auto live_match = now.by_path.find(path);
    if (live_match == now.by_path.end()) {
      SnapshotDifference d = base(SnapshotChange::kDeletedSinceSnapshot, path, file.webroot);
      d.snapshot = version_of(then, index);
      d.detail = "in the snapshot, not on the live volume (deleted or moved since)";
      out.push_back(std::move(d));
      continue;
    }
    FileVersion old_version = version_of(then, index);
    FileVersion new_version = live_version(path, live_match->second);
    const ntfs::NtfsTimes& a = old_version.si;
    const ntfs::NtfsTimes& b = new_version.si;
    const bool content_changed = old_version.size != new_version.size ||
                                 (!old_version.sha256.empty() && !new_version.sha256.empty() &&
                                  old_version.sha256 != new_version.sha256);
    if (content_changed) {
      SnapshotDifference d = base(SnapshotChange::kContentChanged, path, file.webroot);
      d.detail = fmt::format("content changed since the snapshot ({} -> {} bytes)", old_version.size, new_version.size);
      d.snapshot = old_version;
      d.live = new_version;
      out.push_back(std::move(d));
    }
    // $SI creation or modification moved backwards: a time set to before what the snapshot
    // saw. NTFS never moves either back by itself.
    const bool backwards = (b.creation < a.creation) || (b.modification < a.modification && !content_changed);
    const bool changed = a.creation != b.creation || a.modification != b.modification ||
                         a.mft_modification != b.mft_modification;
    if (backwards || (changed && !content_changed)) {
      SnapshotDifference d =
          base(backwards ? SnapshotChange::kTimestompUndone : SnapshotChange::kTimestampsChanged, path, file.webroot);
      std::string moved;
      auto note = [&](const char* what, uint64_t x, uint64_t y) {
        if (x != y) moved += fmt::format("{}$SI {} {} -> {}", moved.empty() ? "" : "; ", what, filetime_to_iso8601(x),
                                         filetime_to_iso8601(y));
      };
      note("creation", a.creation, b.creation);
      note("modification", a.modification, b.modification);
      note("MFT change", a.mft_modification, b.mft_modification);
      d.detail = backwards ? "live $SI times earlier than the snapshot's (set back after it was taken): " + moved
                           : "times changed since the snapshot: " + moved;
      d.snapshot = old_version;
      d.live = new_version;
      out.push_back(std::move(d));
    }
  }
  for (const auto& [path, index] : now.by_path) {
    if (then.by_path.count(path)) continue;
    SnapshotDifference d = base(SnapshotChange::kAddedSinceSnapshot, path, live.timeline.files[index].webroot);
    d.live = live_version(path, index);
    d.detail = "on the live volume, not in the snapshot (added or moved in since)";
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const SnapshotDifference& x, const SnapshotDifference& y) {
    return std::tie(x.path, x.change) < std::tie(y.path, y.change);
  });
  return out;
}

std::vector<TimelineEvent> snapshot_difference_events(const std::vector<SnapshotDifference>& differences) {
  std::vector<TimelineEvent> events;
  for (const SnapshotDifference& d : differences) {
    TimelineEvent e;
    e.filetime = d.store_time;
    e.timestamp_desc = InternedText(std::string("VSS ") + snapshot_change_name(d.change));
    e.macb = InternedText("....");
    e.path = d.path;
    const FileVersion& version = d.live ? *d.live : *d.snapshot;
    e.mft_entry = version.mft_entry;
    e.mft_sequence = version.mft_sequence;
    e.deleted = !d.live;
    e.source = InternedText("VSS_DIFF");
    e.size = version.size;
    e.image_offset = version.record_offset;
    e.partition = d.partition;
    e.store = d.store;
    e.store_time = d.store_time;
    e.webroot = InternedText(d.webroot);
    e.message = fmt::format("{}: {}: {}; {}; {}", snapshot_change_name(d.change), d.path, d.detail,
                            version_text("then", d.snapshot, d.store, d.store_time),
                            version_text("now", d.live, 0, 0));
    events.push_back(std::move(e));
  }
  return events;
}

namespace {

void write_version(JsonWriter& json, const char* key, const std::optional<FileVersion>& v) {
  json.key(key);
  if (!v) {
    json.null();
    return;
  }
  json.begin_object();
  json.key("mft_entry").value(v->mft_entry);
  json.key("mft_sequence").value(static_cast<uint64_t>(v->mft_sequence));
  json.key("size").value(v->size);
  json.key("sha256").value(v->sha256);
  json.key("record_offset").value(v->record_offset);
  json.key("si_creation").value(filetime_to_iso8601(v->si.creation));
  json.key("si_modification").value(filetime_to_iso8601(v->si.modification));
  json.key("si_mft_modification").value(filetime_to_iso8601(v->si.mft_modification));
  json.key("si_access").value(filetime_to_iso8601(v->si.access));
  json.end_object();
}

}  // namespace

void write_snapshot_differences(JsonWriter& json, const std::vector<SnapshotDifference>& differences) {
  json.key("snapshot_differences").begin_array();
  for (const SnapshotDifference& d : differences) {
    json.begin_object();
    json.key("change").value(snapshot_change_name(d.change));
    json.key("path").value(d.path);
    json.key("webroot").value(d.webroot);
    json.key("partition").value(d.partition);
    json.key("store").value(static_cast<uint64_t>(d.store));
    json.key("store_time").value(filetime_to_iso8601(d.store_time));
    json.key("detail").value(d.detail);
    write_version(json, "snapshot", d.snapshot);
    write_version(json, "live", d.live);
    json.end_object();
  }
  json.end_array();
}

}  // namespace shellcarve
