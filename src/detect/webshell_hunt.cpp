#include "detect/webshell_hunt.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "detect/heuristics.h"
#include "ntfs/cluster_allocation.h"
#include "ntfs/stream_reader.h"
#include "common/digest.h"
#include "timeline/webroots.h"

namespace shellcarve {
namespace {

// A deleted file's clusters are read only while they are still free (otherwise the bytes
// belong to someone else now).
bool clusters_still_free(const ntfs::Attribute& attribute, bool deleted, const ntfs::ClusterBitmap* bitmap) {
  if (!deleted || attribute.resident) return true;
  if (!bitmap) return false;
  for (const auto& run : attribute.runs)
    for (uint64_t i = 0; run.lcn && i < std::min<uint64_t>(run.length, bitmap->cluster_count()); ++i)
      if (bitmap->is_allocated(*run.lcn + i)) return false;
  return true;
}

// Image offset of a stream's first byte (of the record, when resident); 0 when it starts
// in a sparse run.
uint64_t first_image_offset(const ntfs::NtfsVolume& volume, const ntfs::Attribute& attribute) {
  if (attribute.resident) return attribute.image_offset;
  if (!attribute.runs.empty() && attribute.runs.front().vcn == 0 && attribute.runs.front().lcn)
    return volume.cluster_offset(*attribute.runs.front().lcn);
  return 0;
}

// A stream as a piece source (read again for the hashes and the evidence when its content
// was too large to keep).
detect::PieceSource stream_source(const ntfs::NtfsVolume& volume, const ntfs::Attribute& attribute) {
  return [&volume, &attribute](const detect::PieceSink& sink) {
    return ntfs::read_stream(volume, attribute, [&](const ntfs::StreamPiece& piece) {
      return sink(detect::ContentPiece{piece.bytes, piece.zeros});
    });
  };
}

bool in_exchange_tree(const std::string& path) {
  return ascii_lower(path).find("/exchange server/") != std::string::npos;
}

// NTFS's own files: MFT entries 0-15 are reserved for the metadata files ($MFT, $LogFile,
// $Bitmap ...) and $Extend holds the rest ($UsnJrnl, $ObjId, $Quota, $Reparse). Their
// streams hold other files' bytes ($MFT carries every resident file's content) or none
// that a web server serves; scanning them under --webroots all read each of them and reported the volume's resident pages a second time as "/$MFT".
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
  return facts;
}

Status store_flagged_content(EvidenceStore& store, const detect::ContentVerdict& verdict,
                             const detect::PieceSource& source) {
  if (verdict.bytes_kept) {
    SC_RETURN_IF_ERROR(store.store_bytes(verdict.digests.sha256, verdict.bytes));
    return {};
  }
  SC_RETURN_IF_ERROR(store.store(verdict.digests.sha256, [&](const EvidenceStore::ByteSink& sink) {
    return source([&](const detect::ContentPiece& piece) {
      sink(piece.bytes);
      return true;
    });
  }));
  return {};
}

std::vector<std::string> describe_flagged_content(Finding& finding, const detect::ContentVerdict& verdict,
                                                  const detect::ContentScanOptions& options) {
  finding.md5 = verdict.digests.md5;
  finding.sha1 = verdict.digests.sha1;
  finding.sha256 = verdict.digests.sha256;
  std::vector<std::string> severities;
  for (const auto& match : verdict.matches) {
    finding.rules.push_back(match.rule);
    severities.push_back(match.severity);
  }
  for (const auto& hit : verdict.hits) finding.heuristics.push_back(hit.name + ": " + hit.evidence);
  for (const auto& match : verdict.deobfuscated) finding.deobfuscated.push_back(match.detector + ": " + match.evidence);
  for (auto& note : verdict.notes(options)) finding.notes.push_back(std::move(note));
  return severities;
}

void add_scan_warnings(std::vector<std::string>& warnings, const std::string& what,
                       const detect::ContentVerdict& verdict) {
  for (const std::string& warning : verdict.warnings) warnings.push_back(what + ": " + warning);
}

Result<HuntResult> hunt_webshells(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                  const ntfs::DirectoryTree& tree, const WebTimeline& timeline,
                                  const UsnTimeline& usn,
                                  std::shared_ptr<const detect::YaraRules> rules,
                                  const PatchTime& patch, const HuntOptions& options) {
  HuntResult result;
  SC_ASSIGN_OR_RETURN(auto scanner, detect::ContentScanner::create(rules, options.content));
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
      if (!clusters_still_free(attribute, placed.deleted, bitmap ? &*bitmap : nullptr)) continue;
      // A name unlike its siblings is weak on its own: it counts only for a page that holds
      // server code (on a 500k-file test volume with generated names it otherwise flagged
      // 80 empty pages).
      auto unlike_siblings = [&](detect::ContentVerdict& verdict) {
        if (!in_exchange_tree(placed_path) || !detect::is_server_page_name(path) || !verdict.has_server_code) return;
        const auto& names = siblings[placed_path.substr(0, placed_path.rfind('/'))];
        if (auto hit = detect::name_unlike_siblings(names, placed_path.substr(placed_path.rfind('/') + 1)))
          verdict.hits.push_back(*hit);
      };
      detect::ContentVerdict verdict =
          scanner.scan(path, attribute.size(), stream_source(volume, attribute), unlike_siblings);
      add_scan_warnings(result.warnings, fmt::format("{} (MFT entry {})", path, entry.entry), verdict);
      ++result.streams_scanned;
      result.bytes_scanned += verdict.bytes_scanned;
      result.zero_bytes_skipped += verdict.zero_bytes_skipped();
      result.chunks_scanned += verdict.chunks;
      if (!verdict.flagged()) continue;

      Finding finding;
      finding.path = path;
      finding.state = placed.deleted ? FindingState::kDeleted : attribute.name.empty() ? FindingState::kAllocated : FindingState::kAds;
      finding.mft_entry = entry.entry;
      finding.mft_sequence = entry.sequence;
      finding.image_offset = first_image_offset(volume, attribute);
      finding.size = attribute.size();
      const auto severities = describe_flagged_content(finding, verdict, options.content);
      finding.webroot = in_scope.webroot;
      const ntfs::FileNameAttribute* name =
          placed.name_index == ntfs::PlacedName::kNoName ? nullptr : &entry.file_names[placed.name_index];
      const WriteFacts facts = write_facts_of(catalog, tree, usn, entry, name, attribute.name, in_scope.timestomp);
      apply_planted_interval(finding, estimate_planted_interval(facts), patch);
      apply_timestomp_judgement(finding, in_scope.judgement);
      assign_severity(finding, severities);
      if (evidence_saved.insert(finding.sha256).second) {
        if (verdict.size > options.max_evidence_bytes) {
          const std::string why = fmt::format(
              "evidence/{}.bin not written: {} bytes is over the evidence limit of {} bytes (max_evidence_bytes); "
              "extract it with `shellcarve cat IMAGE {}{}`",
              finding.sha256, verdict.size, options.max_evidence_bytes, entry.entry,
              attribute.name.empty() ? "" : ":" + attribute.name);
          finding.notes.push_back(why);
          result.warnings.push_back(path + ": " + why);
        } else if (options.evidence) {
          // Written now, from the bytes the scanner kept or read again from the image, so
          // the content is not held until the end of the scan.
          SC_RETURN_IF_ERROR(store_flagged_content(*options.evidence, verdict, stream_source(volume, attribute)));
        }
      }
      result.findings.push_back(std::move(finding));
    }
  }
  std::sort(result.findings.begin(), result.findings.end(),
            [](const Finding& a, const Finding& b) { return std::tie(a.path, a.mft_entry) < std::tie(b.path, b.mft_entry); });
  return result;
}

}  // namespace shellcarve
