#include "timeline/timestomp_calibration.h"

#include <fmt/format.h>

namespace shellcarve {
namespace {

const char* what_it_means(TimestompKind kind) {
  switch (kind) {
    case TimestompKind::kSiCreationBeforeVolumeFormat:
      return "the clock was wrong when the volume was formatted, or the volume was restored, cloned "
             "or deployed from an image";
    case TimestompKind::kSiZeroSubseconds:
      return "files installed or copied by tools that keep whole-second times";
    case TimestompKind::kSiCreationBeforeFnCreation:
    case TimestompKind::kUsnCreateAfterSiCreation:
      return "files copied, moved or restored with their times kept (installers, backups)";
    case TimestompKind::kSiCreationBeforeParent:
      return "folders re-created, or files copied in with their times kept";
    case TimestompKind::kSiChangeBeforeFnTime:
      return "the system clock was set back";
  }
  return "";
}

// The NTFS metadata files (entries 0-15) are written by the format tool, not by users.
constexpr uint64_t kFirstUserEntry = 16;

}  // namespace

std::optional<uint64_t> volume_format_time(const ntfs::FileCatalog& catalog) {
  const ntfs::CatalogEntry* volume = catalog.find(3);
  if (!volume) return std::nullopt;
  if (volume->standard_information && volume->standard_information->times.creation != 0)
    return volume->standard_information->times.creation;
  for (const auto& name : volume->file_names)
    if (name.times.creation != 0) return name.times.creation;
  return std::nullopt;
}

TimestompContext timestomp_context_of(const ntfs::FileCatalog& catalog, const ntfs::CatalogEntry& entry,
                                      const ntfs::FileNameAttribute* name, const UsnTimeline* usn,
                                      std::optional<uint64_t> format_time) {
  TimestompContext context;
  context.volume_created = format_time;
  if (usn)
    if (const auto it = usn->first_create.find({entry.entry, entry.sequence}); it != usn->first_create.end())
      context.usn_file_create = it->second;
  if (!name) return context;
  const ntfs::CatalogEntry* parent = catalog.find(name->parent.entry);
  if (!parent || !parent->standard_information || parent->standard_information->times.creation == 0)
    return context;
  context.parent_creation = parent->standard_information->times.creation;
  // A parent whose own $SI creation precedes its $FN creation is itself an outlier (copied
  // or stomped); comparing its children with it says nothing.
  for (const auto& parent_name : parent->file_names)
    if (parent_name.times.creation != 0 && *context.parent_creation < parent_name.times.creation)
      context.parent_is_outlier = true;
  return context;
}

TimestompCalibration calibrate_timestomp(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                                         const UsnTimeline* usn) {
  TimestompCalibration calibration;
  const auto format_time = volume_format_time(catalog);
  for (const auto& placed : tree.names) {
    if (placed.deleted || placed.name_index == ntfs::PlacedName::kNoName) continue;
    const ntfs::CatalogEntry& entry = catalog.entries[placed.entry];
    if (entry.entry < kFirstUserEntry || !entry.standard_information ||
        entry.standard_information->times.creation == 0)
      continue;
    const ntfs::FileNameAttribute& name = entry.file_names[placed.name_index];
    const TimestompContext context = timestomp_context_of(catalog, entry, &name, usn, format_time);
    auto count = [&](TimestompKind kind, bool applies) {
      if (applies) ++calibration.rates[static_cast<int>(kind)].examined;
    };
    count(TimestompKind::kSiCreationBeforeFnCreation, name.times.creation != 0);
    count(TimestompKind::kSiZeroSubseconds, true);
    count(TimestompKind::kSiCreationBeforeParent, context.parent_creation && !context.parent_is_outlier);
    count(TimestompKind::kSiCreationBeforeVolumeFormat, context.volume_created.has_value());
    count(TimestompKind::kUsnCreateAfterSiCreation, context.usn_file_create.has_value());
    count(TimestompKind::kSiChangeBeforeFnTime, entry.standard_information->times.mft_modification != 0);
    for (const auto& indicator : find_timestomp_indicators(entry, &name, context))
      ++calibration.rates[static_cast<int>(indicator.kind)].fired;
  }
  for (int k = 0; k < kTimestompKindCount; ++k) {
    const IndicatorRate& rate = calibration.rates[k];
    if (rate.fired < kNoisyMinimumFiles ||
        static_cast<double>(rate.fired) < kNoisyShare * static_cast<double>(rate.examined))
      continue;
    calibration.noisy[k] = true;
    const auto kind = static_cast<TimestompKind>(k);
    calibration.notes.push_back(fmt::format(
        "timestomp indicator {} fires on {} of {} files of this volume ({:.1f}%): it describes the "
        "volume, probably {}; it marks no file by itself",
        timestomp_kind_name(kind), rate.fired, rate.examined,
        100.0 * static_cast<double>(rate.fired) / static_cast<double>(rate.examined), what_it_means(kind)));
  }
  return calibration;
}

}  // namespace shellcarve
