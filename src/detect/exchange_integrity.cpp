#include "detect/exchange_integrity.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "common/text.h"
#include "ntfs/stream_reader.h"
#include "common/digest.h"

namespace shellcarve::detect {
namespace {

constexpr IntegrityVerdict kAllVerdicts[kIntegrityVerdictCount] = {
    IntegrityVerdict::kKnown,    IntegrityVerdict::kOtherBuild, IntegrityVerdict::kKnownSomeBuild,
    IntegrityVerdict::kModified, IntegrityVerdict::kUnknown,    IntegrityVerdict::kUnreadable};

std::string extension_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view name = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? "" : ascii_lower(name.substr(dot + 1));
}

struct HashedContent {
  std::string sha256;
  uint64_t image_offset = 0;
  uint64_t size = 0;
};

// The SHA-256 of a file's unnamed $DATA stream, streamed (never held whole).
Result<HashedContent> hash_unnamed_stream(const ntfs::NtfsVolume& volume, const ntfs::MftEntry& file) {
  const auto data = std::find_if(file.attributes.begin(), file.attributes.end(), [](const ntfs::Attribute& a) {
    return a.type == ntfs::AttributeType::kData && a.name.empty() && a.lowest_vcn == 0;
  });
  if (data == file.attributes.end()) return fail(ErrorCode::kNotFound, "no unnamed $DATA attribute");
  HashedContent out;
  out.size = data->size();
  // A resident value's place; a non-resident stream's comes with its first piece.
  out.image_offset = data->resident ? data->image_offset : 0;
  Sha256Stream sha;
  bool first = true;
  SC_RETURN_IF_ERROR(ntfs::read_stream(volume, *data, [&](const ntfs::StreamPiece& piece) {
    if (first && piece.image_offset) out.image_offset = *piece.image_offset;
    first = false;
    sha.update({reinterpret_cast<const char*>(piece.bytes.data()), piece.bytes.size()});
    return true;
  }));
  out.sha256 = sha.finish_hex();
  return out;
}

IntegrityRow examine(const ntfs::NtfsVolume& volume, const ntfs::CatalogEntry& entry, std::string path,
                     ExchangeInstallPath where, const ExchangeBaselines& baselines, const BaselineBuilds& installed,
                     IntegrityReport& report) {
  IntegrityRow row;
  row.path = std::move(path);
  row.relative = std::move(where.relative);
  row.mft_entry = entry.entry;
  row.mft_sequence = entry.sequence;
  auto file = volume.read_file(entry.entry);
  Result<HashedContent> content = file ? hash_unnamed_stream(volume, *file) : std::unexpected(file.error());
  if (!content) {
    row.verdict = IntegrityVerdict::kUnreadable;
    row.notes.push_back("content not read: " + content.error().message);
    report.warnings.push_back(fmt::format("{} (MFT entry {}): content not read, integrity not checked: {}", row.path,
                                          entry.entry, content.error().message));
    return row;
  }
  row.sha256 = content->sha256;
  row.image_offset = content->image_offset;
  row.size = content->size;
  report.bytes_hashed += content->size;
  // Our own digest is always 64 lower-case hex digits.
  const Sha256Digest digest = parse_sha256_hex(row.sha256).value_or(Sha256Digest{});
  Classification verdict = classify_exchange_file(baselines, row.relative, digest, installed);
  row.verdict = verdict.verdict;
  row.baseline_path = std::move(verdict.baseline_path);
  row.folder_build = std::move(verdict.folder_build);
  row.matching_builds = std::move(verdict.matching_builds);
  row.notes.insert(row.notes.end(), verdict.notes.begin(), verdict.notes.end());
  return row;
}

}  // namespace

std::vector<std::string> find_exchange_install_folders(const ntfs::DirectoryTree& tree) {
  std::set<std::string> folders;
  for (const ntfs::PlacedName& placed : tree.names)
    if (!placed.deleted && !placed.orphan)
      if (auto where = split_exchange_install_path(placed.path)) folders.insert(std::move(where->install_folder));
  return {folders.begin(), folders.end()};
}

Result<IntegrityReport> check_exchange_integrity(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                                 const ntfs::DirectoryTree& tree, const ExchangeBaselines& baselines,
                                                 const std::vector<std::string>& installed_builds) {
  IntegrityReport report;
  report.installed = resolve_installed_builds(baselines, installed_builds);
  for (const uint16_t b : report.installed.indices) report.installed_covered.push_back(baselines.builds()[b]);
  report.baseline_builds = baselines.builds().size();
  if (!baselines.builds().empty()) {
    report.baseline_first_build = baselines.builds().front();
    report.baseline_last_build = baselines.builds().back();
  }
  if (installed_builds.empty())
    report.warnings.push_back("installed Exchange builds not given: files matching a shipped hash are "
                              "\"known-some-build\", not told apart from other builds' files");
  for (const auto& build : report.installed.uncovered)
    report.warnings.push_back(fmt::format("installed build {} is not in the known-good lists ({} .. {}): its own "
                                          "files show as other-build or modified", build,
                                          report.baseline_first_build, report.baseline_last_build));

  report.install_folders = find_exchange_install_folders(tree);
  for (const ntfs::PlacedName& placed : tree.names) {
    if (placed.deleted || placed.orphan) continue;
    const ntfs::CatalogEntry* entry = catalog.find(placed.entry);
    if (!entry || entry->is_directory()) continue;
    auto where = split_exchange_install_path(placed.path);
    if (!where) continue;
    if (!baselines.is_web_extension(extension_of(placed.path))) continue;
    report.rows.push_back(examine(volume, *entry, std::string(placed.path), std::move(*where), baselines,
                                  report.installed, report));
  }
  std::sort(report.rows.begin(), report.rows.end(), [](const IntegrityRow& a, const IntegrityRow& b) {
    return std::tie(a.path, a.mft_entry) < std::tie(b.path, b.mft_entry);
  });
  for (const auto& row : report.rows) ++report.counts[static_cast<size_t>(row.verdict)];
  return report;
}

void write_integrity_json(JsonWriter& json, const IntegrityReport& report) {
  auto strings = [&](const std::vector<std::string>& values) {
    json.begin_array();
    for (const auto& v : values) json.value(v);
    json.end_array();
  };
  json.begin_object();
  json.key("install_folders");
  strings(report.install_folders);
  json.key("installed_builds");
  strings(report.installed.given);
  json.key("installed_builds_in_baseline");
  strings(report.installed_covered);
  json.key("installed_builds_not_in_baseline");
  strings(report.installed.uncovered);
  json.key("baseline").begin_object();
  json.key("source").value("CSS-Exchange Security/src/Baselines (MIT)");
  json.key("builds").value(static_cast<uint64_t>(report.baseline_builds));
  json.key("first_build").value(report.baseline_first_build);
  json.key("last_build").value(report.baseline_last_build);
  json.end_object();
  json.key("files_checked").value(static_cast<uint64_t>(report.rows.size()));
  json.key("bytes_hashed").value(report.bytes_hashed);
  json.key("counts").begin_object();
  for (const IntegrityVerdict verdict : kAllVerdicts) json.key(to_string(verdict)).value(report.count(verdict));
  json.end_object();
  json.key("warnings");
  strings(report.warnings);
  json.key("files").begin_array();
  for (const auto& row : report.rows) {
    json.begin_object();
    json.key("path").value(row.path);
    json.key("verdict").value(to_string(row.verdict));
    json.key("sha256").value(row.sha256.empty() ? std::optional<std::string>() : std::optional(row.sha256));
    json.key("size").value(row.size);
    json.key("mft_entry").value(row.mft_entry);
    json.key("mft_sequence").value(static_cast<uint64_t>(row.mft_sequence));
    json.key("image_offset").value(row.image_offset);
    json.key("baseline_path").value(row.baseline_path);
    json.key("folder_build").value(row.folder_build);
    json.key("matching_builds");
    strings(row.matching_builds);
    json.key("notes");
    strings(row.notes);
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

}  // namespace shellcarve::detect
