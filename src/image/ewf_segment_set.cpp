#include "image/ewf_segment_set.h"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>

#include "image/ewf_sections.h"
#include "image/file_segment.h"

namespace shellcarve {
namespace {

Result<EwfSegmentFile> read_segment_file(const FileSegment& file) {
  return read_ewf_segment_file(
      [&file](uint64_t offset, std::span<std::byte> out) { return file.read(offset, out); }, file.size(),
      file.path());
}

std::string describe_geometry(const EwfVolumeFacts& facts) {
  return fmt::format("{} sectors of {} bytes in {} chunks of {} sectors", facts.sector_count,
                     facts.bytes_per_sector, facts.chunk_count, facts.sectors_per_chunk);
}

std::string describe_identifier(const EwfVolumeFacts& facts) {
  return facts.has_set_identifier() ? format_set_identifier(facts.set_identifier) : "none";
}

// Segments of one acquisition repeat the first segment's "volume" section in their "data"
// section: same set identifier, same media. A difference means the file was made by another
// acquisition, whatever its name says.
Status check_same_acquisition(const std::string& path, const EwfVolumeFacts& facts,
                              const std::string& first_path, const EwfVolumeFacts& first) {
  if (facts.set_identifier != first.set_identifier)
    return fail(ErrorCode::kCorrupt,
                fmt::format("'{}' belongs to another acquisition (set identifier {} vs {} in '{}')", path,
                            describe_identifier(facts), describe_identifier(first), first_path));
  if (facts.sector_count != first.sector_count || facts.bytes_per_sector != first.bytes_per_sector ||
      facts.chunk_count != first.chunk_count || facts.sectors_per_chunk != first.sectors_per_chunk)
    return fail(ErrorCode::kCorrupt,
                fmt::format("'{}' belongs to another acquisition (it describes media of {}; '{}' of {})", path,
                            describe_geometry(facts), first_path, describe_geometry(first)));
  return {};
}

// What a file found after the set's last segment is, for the warning that names it.
std::string describe_stray(const std::string& path) {
  auto file = FileSegment::open(path);
  if (!file) return "unreadable: " + file.error().message;
  std::array<std::byte, 13> header{};
  if (file->size() < header.size() || !file->read(0, header)) return "not an EWF segment file";
  auto number = parse_ewf_segment_number(header);
  if (!number) return "not an EWF version 1 segment file";
  return fmt::format("its header says it is segment {}", *number);
}

}  // namespace

std::string ewf_segment_name(const std::string& first_segment, uint32_t number) {
  const std::filesystem::path path(first_segment);
  std::string ext = path.extension().string();  // ".E01"
  if (ext.size() != 4) return fmt::format("{} (segment {})", first_segment, number);
  const bool lower = std::islower(static_cast<unsigned char>(ext[1])) != 0;
  const char base = static_cast<char>(std::toupper(static_cast<unsigned char>(ext[1])));
  std::string tail;
  if (number <= 99) {
    tail = fmt::format("{}{:02}", base, number);
  } else {
    uint32_t rest = number - 100;
    const char third = static_cast<char>('A' + rest % 26);
    rest /= 26;
    const char second = static_cast<char>('A' + rest % 26);
    rest /= 26;
    tail = fmt::format("{}{}{}", static_cast<char>(base + rest), second, third);
  }
  if (lower)
    for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::filesystem::path result = path;
  result.replace_extension("." + tail);
  return result.string();
}

std::optional<std::string> EwfSegmentSet::segment_at(uint64_t media_offset) const {
  if (chunk_size == 0 || chunks.size() != paths.size()) return std::nullopt;
  const uint64_t chunk = media_offset / chunk_size;
  uint64_t first = 0;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (chunk - first < chunks[i]) return paths[i];
    first += chunks[i];
  }
  return std::nullopt;
}

Result<EwfSegmentSet> select_ewf_segment_set(const std::vector<std::string>& candidates) {
  if (candidates.empty()) return fail(ErrorCode::kInvalidArgument, "no EWF segments given");
  EwfSegmentSet set;
  std::optional<EwfVolumeFacts> first_volume;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::string& path = candidates[i];
    SC_ASSIGN_OR_RETURN(const FileSegment file, FileSegment::open(path));
    auto segment = read_segment_file(file);
    if (!segment && segment.error().code == ErrorCode::kFormat && i == 0) {
      // EWF2 (Ex01) or another variant: libewf judges the set alone.
      return EwfSegmentSet{.paths = candidates, .warnings = {}, .chunks = {}, .chunk_size = 0};
    }
    if (!segment) return std::unexpected(segment.error());
    const uint32_t expected = static_cast<uint32_t>(i + 1);
    if (segment->segment_number != expected)
      return fail(ErrorCode::kNotFound,
                  fmt::format("segment '{}' is missing ('{}' holds segment {})",
                              ewf_segment_name(candidates[0], expected), path, segment->segment_number));
    if (i == 0) {
      first_volume = segment->volume;
      if (first_volume)
        set.chunk_size = uint64_t{first_volume->sectors_per_chunk} * first_volume->bytes_per_sector;
    } else if (first_volume && segment->volume) {
      SC_RETURN_IF_ERROR(check_same_acquisition(path, *segment->volume, candidates[0], *first_volume));
    }
    set.paths.push_back(path);
    set.chunks.push_back(segment->chunks);
    if (segment->end == EwfChainEnd::kDone) {
      for (size_t j = i + 1; j < candidates.size(); ++j)
        set.warnings.push_back(fmt::format("'{}' is not part of the set: the set ends with 'done' in '{}' "
                                           "({}); it is not read",
                                           candidates[j], path, describe_stray(candidates[j])));
      return set;
    }
    if (i + 1 == candidates.size())
      return fail(ErrorCode::kNotFound,
                  fmt::format("segment '{}' is missing: '{}' ends in a \"next\" section, so the set continues",
                              ewf_segment_name(candidates[0], expected + 1), path));
  }
  return set;
}

}  // namespace shellcarve
