#include "logs/suspicious_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <set>

#include "common/text.h"
#include "logs/volume_logs.h"
#include "ntfs/stream_reader.h"

namespace shellcarve::logs {
namespace {

struct Signature {
  std::string_view magic;
  std::string_view name;
  SuspiciousKind kind;
};

// MINIDUMP_HEADER.Signature 'MDMP' (minidumpapiset.h); 7z "7z\xBC\xAF\x27\x1C" (7-Zip
// 7zFormat.txt); ZIP local file header "PK\x03\x04" (APPNOTE 4.3.7); RAR "Rar!\x1A\x07"
// (RAR 4 and 5); PST/OST "!BDN" (MS-PST 2.2.2.6 HEADER.dwMagic).
constexpr std::array<Signature, 5> kSignatures{{
    {"MDMP", "MDMP minidump signature", SuspiciousKind::kLsassDump},
    {std::string_view("7z\xBC\xAF\x27\x1C", 6), "7-Zip signature", SuspiciousKind::kSuspiciousArchive},
    {"PK\x03\x04", "ZIP signature", SuspiciousKind::kSuspiciousArchive},
    {std::string_view("Rar!\x1A\x07", 6), "RAR signature", SuspiciousKind::kSuspiciousArchive},
    {"!BDN", "PST signature (!BDN)", SuspiciousKind::kMailboxExport},
}};

const Signature* signature_of(std::span<const std::byte> head) {
  for (const Signature& s : kSignatures)
    if (head.size() >= s.magic.size() && std::memcmp(head.data(), s.magic.data(), s.magic.size()) == 0) return &s;
  return nullptr;
}

std::vector<std::byte> first_bytes(const ntfs::NtfsVolume& volume, const ntfs::MftEntry& file, size_t count) {
  std::vector<std::byte> head;
  for (const ntfs::Attribute& a : file.attributes) {
    if (a.type != ntfs::AttributeType::kData || !a.name.empty() || a.lowest_vcn != 0) continue;
    (void)ntfs::read_stream(volume, a, [&](const ntfs::StreamPiece& piece) {
      const size_t take = std::min(count - head.size(), piece.bytes.size());
      head.insert(head.end(), piece.bytes.begin(), piece.bytes.begin() + static_cast<ptrdiff_t>(take));
      return head.size() < count;
    });
    break;
  }
  return head;
}

bool has_extension(std::string_view lower_name, std::initializer_list<std::string_view> extensions) {
  return std::any_of(extensions.begin(), extensions.end(), [&](std::string_view e) { return lower_name.ends_with(e); });
}

}  // namespace

std::string_view content_signature(std::span<const std::byte> head) {
  const Signature* s = signature_of(head);
  return s ? s->name : std::string_view();
}

std::vector<SuspiciousFile> find_suspicious_files(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                                  const ntfs::DirectoryTree& tree, const ntfs::ClusterBitmap* bitmap,
                                                  const std::function<bool(std::string_view)>& in_web_root,
                                                  std::vector<std::string>& warnings) {
  std::vector<SuspiciousFile> found;
  std::set<uint64_t> seen;
  for (const ntfs::PlacedName& name : tree.names) {
    const ntfs::CatalogEntry* entry = catalog.find(name.entry);
    if (entry == nullptr || entry->is_directory() || name.name_index == ntfs::PlacedName::kNoName) continue;
    const std::string lower = ascii_lower(name.path);
    const std::string_view file_name = std::string_view(lower).substr(lower.rfind('/') + 1);
    const bool program_data = lower.starts_with("/programdata/");
    const bool web = in_web_root && in_web_root(name.path);
    const bool temp = lower.starts_with("/windows/temp/") || lower.starts_with("/root/");
    // Test-ProxyLogon's names: -Filter "lsass.*dmp" (any folder here), .7z/.zip/.rar in ProgramData.
    std::string evidence;
    std::optional<SuspiciousKind> kind;
    if (file_name.starts_with("lsass") && file_name.ends_with("dmp")) {
      kind = SuspiciousKind::kLsassDump;
      evidence = "name like lsass*dmp";
    } else if (program_data && has_extension(file_name, {".7z", ".zip", ".rar"})) {
      kind = SuspiciousKind::kSuspiciousArchive;
      evidence = "archive name in ProgramData";
    } else if (web && file_name.ends_with(".pst")) {
      kind = SuspiciousKind::kMailboxExport;
      evidence = ".pst in a web root";
    }
    if (!kind && !program_data && !web && !temp) continue;
    if (!seen.insert(name.entry).second) continue;
    auto file = volume.read_file(name.entry);
    if (!file) {
      if (kind) warnings.push_back(fmt::format("suspicious file {}: unreadable: {}", name.path, file.error().message));
      continue;
    }
    const std::string content = deleted_content_state(volume, bitmap, *file);
    // The content says what the file is only when it is still the file's own.
    if (content != "overwritten" && content != "no content") {
      if (const Signature* signature = signature_of(first_bytes(volume, *file, 8))) {
        const bool applies = signature->kind == SuspiciousKind::kLsassDump ||
                             (signature->kind == SuspiciousKind::kSuspiciousArchive && (program_data || web)) ||
                             (signature->kind == SuspiciousKind::kMailboxExport && web);
        if (applies && (!kind || *kind == signature->kind)) {
          kind = signature->kind;
          evidence += std::string(evidence.empty() ? "" : "; ") + std::string(signature->name);
        }
      }
    }
    if (!kind) continue;
    SuspiciousFile suspicious;
    suspicious.kind = *kind;
    suspicious.path = std::string(name.path);
    suspicious.mft_entry = name.entry;
    suspicious.mft_sequence = entry->sequence;
    suspicious.deleted = name.deleted;
    for (const auto& stream : entry->streams)
      if (stream.type == ntfs::AttributeType::kData && stream.name.empty()) suspicious.size = stream.size;
    suspicious.evidence = evidence;
    suspicious.content = content;
    if (entry->standard_information) {
      suspicious.created = entry->standard_information->times.creation;
      suspicious.modified = entry->standard_information->times.modification;
    }
    found.push_back(std::move(suspicious));
  }
  std::sort(found.begin(), found.end(), [](const SuspiciousFile& a, const SuspiciousFile& b) {
    return std::tie(a.path, a.mft_entry) < std::tie(b.path, b.mft_entry);
  });
  return found;
}

}  // namespace shellcarve::logs
