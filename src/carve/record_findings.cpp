// record_findings.cpp: carved FILE records' resident content through the rules (see
// record_findings.h).
#include "carve/record_findings.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "detect/content_scan.h"

namespace shellcarve::carve {
namespace {

const ntfs::FileNameAttribute* first_long_name(const ntfs::MftEntry& record) {
  for (const auto& name : record.file_names)
    if (name.name_space != ntfs::FileNameNamespace::kDos) return &name;
  return nullptr;
}

// A carved record has its own $FN and $SI, and nothing else: no journal records tie to it
// (its entry number may have been reused) and its parent may be gone. Its $SI times are
// used for dating only when they do not contradict its $FN (no timestomp indicator).
WriteFacts carved_write_facts(const CarvedFileRecord& carved, const std::string& stream) {
  WriteFacts facts;
  facts.entry = carved.record.header_entry_number.value_or(0);
  facts.sequence = carved.record.sequence;
  facts.name = first_long_name(carved.record);
  facts.stream = stream;
  if (carved.record.standard_information) {
    facts.si = &*carved.record.standard_information;
    facts.si_offset = carved.record.standard_information->image_offset;
    ntfs::CatalogEntry summary;
    summary.standard_information = carved.record.standard_information;
    const auto indicators = find_timestomp_indicators(summary, facts.name, {});
    for (const auto& indicator : indicators) {
      facts.si_change_set_back |= indicator.kind == TimestompKind::kSiChangeBeforeFnTime;
      facts.timestomp = TimestompVerdict::kUndetermined;
    }
  }
  return facts;
}

}  // namespace

Status hunt_carved_records(const std::vector<CarvedFileRecord>& records,
                           const WebRootSelection& webroots,
                           std::shared_ptr<const detect::YaraRules> rules, const PatchTime& patch,
                           HuntResult& result, EvidenceStore* evidence) {
  SC_ASSIGN_OR_RETURN(auto scanner, detect::ContentScanner::create(std::move(rules)));
  for (const CarvedFileRecord& carved : records) {
    for (const ntfs::Attribute& attribute : carved.record.attributes) {
      if (attribute.type != ntfs::AttributeType::kData || !attribute.resident ||
          attribute.resident_data.empty())
        continue;
      const std::string path = attribute.name.empty() ? carved.path : carved.path + ":" + attribute.name;
      detect::ContentVerdict verdict = scanner.scan_bytes(path, attribute.resident_data);
      add_scan_warnings(result.warnings, fmt::format("carved record at offset {} ({})", carved.record.image_offset, path),
                        verdict);
      ++result.streams_scanned;
      result.bytes_scanned += verdict.bytes_scanned;
      result.chunks_scanned += verdict.chunks;
      if (!verdict.flagged()) continue;
      Finding finding;
      finding.path = path;
      finding.state = FindingState::kCarved;
      finding.mft_entry = carved.record.header_entry_number.value_or(0);
      finding.mft_sequence = carved.record.sequence;
      finding.image_offset = carved.record.image_offset;
      finding.size = attribute.resident_data.size();
      finding.notes.push_back(fmt::format("resident $DATA of a FILE record carved from {} at offset {}",
                                          carved.region, carved.record.image_offset));
      const auto severities = describe_flagged_content(finding, verdict, scanner.options());
      finding.webroot = webroots.root_of(carved.path).value_or("");
      apply_planted_interval(finding, estimate_planted_interval(carved_write_facts(carved, attribute.name)), patch);
      assign_severity(finding, severities);
      if (evidence) SC_RETURN_IF_ERROR(evidence->store_bytes(finding.sha256, attribute.resident_data));
      result.findings.push_back(std::move(finding));
    }
  }
  std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.mft_entry) < std::tie(b.path, b.mft_entry);
  });
  return {};
}

}  // namespace shellcarve::carve
