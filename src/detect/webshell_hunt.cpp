#include "detect/webshell_hunt.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "detect/heuristics.h"
#include "ntfs/cluster_allocation.h"
#include "ntfs/stream_reader.h"
#include "report/digest.h"
#include "timeline/webroots.h"

namespace shellcarve {
namespace {

struct StreamContent {
  std::vector<std::byte> bytes;
  uint64_t image_offset = 0;
  std::vector<std::string> notes;
};

// Reads up to `limit` bytes of a stream; for a deleted file, only when its clusters are
// still free (otherwise the bytes belong to someone else now).
Result<std::optional<StreamContent>> read_content(const ntfs::NtfsVolume& volume,
                                                  const ntfs::Attribute& attribute, bool deleted,
                                                  const ntfs::ClusterBitmap* bitmap, uint64_t limit) {
  StreamContent content;
  content.image_offset = attribute.resident ? attribute.image_offset : 0;
  if (deleted && !attribute.resident) {
    if (!bitmap) return std::optional<StreamContent>();
    for (const auto& run : attribute.runs)
      for (uint64_t i = 0; run.lcn && i < std::min<uint64_t>(run.length, bitmap->cluster_count()); ++i)
        if (bitmap->is_allocated(*run.lcn + i)) return std::optional<StreamContent>();
  }
  bool first = true;
  auto status = ntfs::read_stream(volume, attribute, [&](const ntfs::StreamPiece& piece) {
    if (first && piece.image_offset) content.image_offset = *piece.image_offset;
    first = false;
    const uint64_t room = limit - content.bytes.size();
    content.bytes.insert(content.bytes.end(), piece.bytes.begin(),
                         piece.bytes.begin() + static_cast<ptrdiff_t>(std::min<uint64_t>(room, piece.bytes.size())));
    return content.bytes.size() < limit;
  });
  if (!status) return std::unexpected(status.error());
  if (attribute.size() > limit)
    content.notes.push_back(fmt::format("only the first {} of {} bytes were scanned", limit, attribute.size()));
  return std::optional<StreamContent>(std::move(content));
}

bool in_exchange_tree(const std::string& path) {
  return ascii_lower(path).find("/exchange server/") != std::string::npos;
}

// NTFS's own files: MFT entries 0-15 are reserved for the metadata files ($MFT, $LogFile,
// $Bitmap ...) and $Extend holds the rest ($UsnJrnl, $ObjId, $Quota, $Reparse). Their
// streams hold other files' bytes ($MFT carries every resident file's content) or none
// that a web server serves; scanning them under --webroots all read up to max_content of
// each and reported the volume's resident pages a second time as "/$MFT".
bool is_ntfs_metadata(uint64_t entry, const std::string& path) {
  constexpr uint64_t kFirstUserEntry = 16;
  return entry < kFirstUserEntry || path.starts_with("/$Extend/");
}

}  // namespace

WriteFacts write_facts_of(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                          const UsnTimeline& usn, const ntfs::CatalogEntry& entry,
                          const ntfs::FileNameAttribute* name, const std::string& stream,
                          const std::vector<TimestompIndicator>& indicators) {
  WriteFacts facts;
  facts.entry = entry.entry;
  facts.sequence = entry.sequence;
  facts.name = name;
  facts.stream = stream;
  for (const auto& s : entry.streams) facts.named_streams += s.type == ntfs::AttributeType::kData && !s.name.empty();
  if (entry.standard_information) {
    facts.si = &*entry.standard_information;
    facts.si_offset = entry.standard_information->image_offset;
  }
  bool stomped = false;
  for (const auto& indicator : indicators) {
    facts.si_change_set_back |= indicator.kind == TimestompKind::kSiChangeBeforeFnTime;
    stomped |= indicator.kind != TimestompKind::kSiCreationBeforeVolumeFormat;
  }
  // Any file-level indicator puts the $SI times in doubt for dating, whatever the verdict.
  facts.timestomp = stomped ? TimestompVerdict::kUndetermined : TimestompVerdict::kNo;
  if (name) {
    facts.parent_entry = name->parent.entry;
    if (const ntfs::PlacedName* parent = tree.primary_name(name->parent.entry);
        parent && parent->name_index != ntfs::PlacedName::kNoName)
      facts.parent_name = &catalog.entries[parent->entry].file_names[parent->name_index];
  }
  facts.journal_present = usn.journal_present;
  facts.journal_complete = usn.journal_present && usn.warnings.empty();
  facts.journal_oldest = usn.oldest_record_time;
  if (const auto it = usn.history.find({entry.entry, entry.sequence}); it != usn.history.end())
    facts.journal = &it->second;
  facts.deleted = !entry.in_use();
  return facts;
}

std::vector<std::string> describe_flagged_content(Finding& finding, std::span<const std::byte> content,
                                                  const detect::ScanOutcome& outcome,
                                                  const std::vector<detect::HeuristicHit>& hits) {
  const ContentDigests digests = digest_all(content);
  finding.md5 = digests.md5;
  finding.sha1 = digests.sha1;
  finding.sha256 = digests.sha256;
  std::vector<std::string> severities;
  for (const auto& match : outcome.matches) {
    finding.rules.push_back(match.rule);
    severities.push_back(match.severity);
  }
  for (const auto& hit : hits) finding.heuristics.push_back(hit.name + ": " + hit.evidence);
  if (outcome.timed_out) finding.notes.push_back("YARA scan timed out: matches may be incomplete");
  return severities;
}

Result<HuntResult> hunt_webshells(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                  const ntfs::DirectoryTree& tree, const WebTimeline& timeline,
                                  const UsnTimeline& usn,
                                  std::shared_ptr<const detect::YaraRules> rules,
                                  const PatchTime& patch, const HuntOptions& options) {
  HuntResult result;
  SC_ASSIGN_OR_RETURN(auto scanner, detect::YaraScanner::create(rules));
  auto bitmap = ntfs::ClusterBitmap::load(volume);
  if (!bitmap) result.warnings.push_back("$Bitmap unreadable, deleted non-resident files not scanned: " +
                                         bitmap.error().message);
  // Names of each Exchange directory, for the "unlike its siblings" heuristic (only there:
  // over a whole 500k-file volume a map of every folder's names cost ~100 MiB for nothing).
  std::map<std::string, std::vector<std::string>> siblings;
  for (const auto& file : timeline.files) {
    const std::string path(tree.names[file.placed_index].path);
    if (!in_exchange_tree(path)) continue;
    siblings[path.substr(0, path.rfind('/'))].push_back(path.substr(path.rfind('/') + 1));
  }
  std::set<std::string> evidence_saved;
  uint64_t files_done = 0;
  for (const auto& in_scope : timeline.files) {
    if (options.progress) options.progress(files_done++, timeline.files.size());
    const ntfs::PlacedName& placed = tree.names[in_scope.placed_index];
    const ntfs::CatalogEntry& entry = catalog.entries[placed.entry];
    const std::string placed_path(placed.path);
    if (entry.is_directory() || is_ntfs_metadata(entry.entry, placed_path)) continue;
    auto file = volume.read_file(entry.entry);
    if (!file) {
      result.warnings.push_back(fmt::format("MFT entry {}: {}", entry.entry, file.error().message));
      continue;
    }
    for (const auto& attribute : file->attributes) {
      if (attribute.type != ntfs::AttributeType::kData || attribute.lowest_vcn != 0) continue;
      const std::string path = attribute.name.empty() ? placed_path : placed_path + ":" + attribute.name;
      auto content = read_content(volume, attribute, placed.deleted, bitmap ? &*bitmap : nullptr,
                                  options.max_content);
      if (!content) {
        result.warnings.push_back(fmt::format("{} (MFT entry {}): {}", path, entry.entry, content.error().message));
        continue;
      }
      if (!*content) continue;
      ++result.streams_scanned;
      result.bytes_scanned += (*content)->bytes.size();
      detect::ScanTarget target = detect::ScanTarget::from_path(path);
      auto outcome = scanner.scan_memory((*content)->bytes, target);
      if (!outcome) {
        result.warnings.push_back(fmt::format("{}: YARA: {}", path, outcome.error().message));
        continue;
      }
      std::vector<detect::HeuristicHit> hits = detect::content_heuristics(path, (*content)->bytes);
      // A name unlike its siblings is weak on its own: it counts only for a page that holds
      // server code (on a 500k-file test volume with generated names it otherwise flagged
      // 80 empty pages).
      if (in_exchange_tree(placed_path) && detect::is_server_page_name(path) &&
          !detect::server_code(path, (*content)->bytes).empty()) {
        const auto& names = siblings[placed_path.substr(0, placed_path.rfind('/'))];
        if (auto hit = detect::name_unlike_siblings(names, placed_path.substr(placed_path.rfind('/') + 1)))
          hits.push_back(*hit);
      }
      if (outcome->matches.empty() && hits.empty()) continue;

      Finding finding;
      finding.path = path;
      finding.state = placed.deleted ? "deleted" : attribute.name.empty() ? "allocated" : "ads";
      finding.mft_entry = entry.entry;
      finding.mft_sequence = entry.sequence;
      finding.image_offset = (*content)->image_offset;
      finding.size = attribute.size();
      finding.notes = (*content)->notes;
      const auto severities = describe_flagged_content(finding, (*content)->bytes, *outcome, hits);
      finding.webroot = in_scope.webroot;
      const ntfs::FileNameAttribute* name =
          placed.name_index == ntfs::PlacedName::kNoName ? nullptr : &entry.file_names[placed.name_index];
      const WriteFacts facts = write_facts_of(catalog, tree, usn, entry, name, attribute.name, in_scope.timestomp);
      apply_planted_interval(finding, estimate_planted_interval(facts), patch);
      apply_timestomp_judgement(finding, in_scope.judgement);
      assign_severity(finding, severities);
      if (evidence_saved.insert(finding.sha256).second)
        result.evidence.push_back({finding.sha256, std::move((*content)->bytes)});
      result.findings.push_back(std::move(finding));
    }
  }
  std::sort(result.findings.begin(), result.findings.end(),
            [](const Finding& a, const Finding& b) { return std::tie(a.path, a.mft_entry) < std::tie(b.path, b.mft_entry); });
  std::sort(result.evidence.begin(), result.evidence.end(),
            [](const FlaggedContent& a, const FlaggedContent& b) { return a.sha256 < b.sha256; });
  return result;
}

}  // namespace shellcarve
