// The format is described in exchange_baselines.h; scripts/make-exchange-baselines.py
// writes it.
#include "detect/exchange_baselines.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <system_error>

#include "common/byte_reader.h"
#include "common/text.h"
#include "common/zlib_inflate.h"
#include "detect/rules_location.h"

namespace shellcarve::detect {
namespace {

// Compares two paths as Windows compares these ASCII names: A-Z folded to a-z, then bytes.
int compare_folded(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(ascii_lower(a[i]));
    const auto y = static_cast<unsigned char>(ascii_lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// Reads the payload front to back; every count is checked against the bytes left, at the
// least size one item of it takes, before anything is reserved for it.
class PayloadCursor {
 public:
  explicit PayloadCursor(std::span<const std::byte> payload) : reader_(payload) {}

  size_t offset() const { return at_; }
  size_t left() const { return reader_.size() - at_; }

  Result<uint64_t> next(size_t width, std::string_view what) {
    SC_ASSIGN_OR_RETURN(const uint64_t value, reader_.uint_n(at_, width, what));
    at_ += width;
    return value;
  }
  Result<std::span<const std::byte>> take(size_t length, std::string_view what) {
    SC_ASSIGN_OR_RETURN(auto bytes, reader_.bytes(at_, length, what));
    at_ += length;
    return bytes;
  }
  // A u32 count of items that take at least `min_item` bytes each.
  Result<uint32_t> count(size_t min_item, std::string_view what) {
    const size_t where = at_;
    SC_ASSIGN_OR_RETURN(const uint64_t n, next(4, what));
    if (min_item != 0 && n > left() / min_item)
      return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: {} {} at payload offset {} need at least {} "
                                                   "bytes, {} are left", n, what, where, n * min_item, left()));
    return static_cast<uint32_t>(n);
  }
  // A u8-length ASCII string.
  Result<std::string> short_text(std::string_view what) {
    SC_ASSIGN_OR_RETURN(const uint64_t length, next(1, what));
    SC_ASSIGN_OR_RETURN(auto bytes, take(length, what));
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }

 private:
  ByteReader reader_;
  size_t at_ = 0;
};

std::string_view as_text(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Result<std::vector<std::string>> read_builds(PayloadCursor& in) {
  SC_ASSIGN_OR_RETURN(const uint32_t count, in.count(1, "builds"));
  if (count == 0 || count > 0xFFFF)
    return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: {} builds (1 to 65535 expected)", count));
  std::vector<std::string> builds;
  builds.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const size_t where = in.offset();
    SC_ASSIGN_OR_RETURN(std::string build, in.short_text("build name"));
    if (normalise_exchange_build(build) != build)
      return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: build {} at payload offset {} is not a "
                                                   "normalised build number", i, where));
    builds.push_back(std::move(build));
  }
  return builds;
}

Result<std::vector<std::vector<uint16_t>>> read_build_sets(PayloadCursor& in, size_t build_count) {
  const size_t width = (build_count + 7) / 8;
  SC_ASSIGN_OR_RETURN(const uint32_t count, in.count(width, "build sets"));
  std::vector<std::vector<uint16_t>> sets(count);
  for (auto& set : sets) {
    const size_t where = in.offset();
    SC_ASSIGN_OR_RETURN(auto bits, in.take(width, "build set"));
    for (size_t i = 0; i < width * 8; ++i) {
      if (!(std::to_integer<unsigned>(bits[i / 8]) >> (i % 8) & 1)) continue;
      if (i >= build_count)
        return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: build set at payload offset {} names "
                                                     "build {} of {}", where, i, build_count));
      set.push_back(static_cast<uint16_t>(i));
    }
    if (set.empty())
      return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: empty build set at payload offset {}", where));
  }
  return sets;
}

Result<std::vector<std::string>> read_paths(PayloadCursor& in) {
  SC_ASSIGN_OR_RETURN(const uint32_t count, in.count(4, "paths"));
  std::vector<std::string> paths;
  paths.reserve(count);
  std::string previous;
  for (uint32_t i = 0; i < count; ++i) {
    const size_t where = in.offset();
    SC_ASSIGN_OR_RETURN(const uint64_t shared, in.next(2, "path shared length"));
    SC_ASSIGN_OR_RETURN(const uint64_t suffix_length, in.next(2, "path suffix length"));
    if (shared > previous.size())
      return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: path {} at payload offset {} shares {} bytes "
                                                   "with a path of {}", i, where, shared, previous.size()));
    SC_ASSIGN_OR_RETURN(auto suffix, in.take(suffix_length, "path suffix"));
    std::string path = previous.substr(0, shared);
    path += as_text(suffix);
    if (path.empty() || (i > 0 && compare_folded(previous, path) >= 0))
      return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: path {} at payload offset {} is empty or "
                                                   "not after the one before it (ignoring case)", i, where));
    previous = path;
    paths.push_back(std::move(path));
  }
  return paths;
}

}  // namespace

std::optional<std::string> normalise_exchange_build(std::string_view text) {
  std::string out;
  size_t parts = 0;
  while (true) {
    const size_t dot = text.find('.');
    std::string_view part = text.substr(0, dot);
    if (part.empty() || !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    while (part.size() > 1 && part.front() == '0') part.remove_prefix(1);
    if (part.size() > 9) return std::nullopt;
    if (++parts > 4) return std::nullopt;
    out += (parts > 1 ? "." : "");
    out += part;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  if (parts != 4) return std::nullopt;
  return out;
}

std::optional<Sha256Digest> parse_sha256_hex(std::string_view hex) {
  if (hex.size() != 2 * ExchangeBaselineLayout::kSha256Size) return std::nullopt;
  Sha256Digest digest{};
  for (size_t i = 0; i < digest.size(); ++i) {
    uint8_t byte = 0;
    const char* first = hex.data() + 2 * i;
    const auto [end, ec] = std::from_chars(first, first + 2, byte, 16);
    if (ec != std::errc() || end != first + 2 || ascii_lower(first[0]) != first[0] || ascii_lower(first[1]) != first[1])
      return std::nullopt;
    digest[i] = std::byte{byte};
  }
  return digest;
}

Result<ExchangeBaselines> ExchangeBaselines::parse_payload(std::span<const std::byte> payload) {
  using Layout = ExchangeBaselineLayout;
  PayloadCursor in(payload);
  ExchangeBaselines out;
  SC_ASSIGN_OR_RETURN(out.builds_, read_builds(in));
  SC_ASSIGN_OR_RETURN(const uint32_t extension_count, in.count(1, "extensions"));
  for (uint32_t i = 0; i < extension_count; ++i) {
    SC_ASSIGN_OR_RETURN(std::string extension, in.short_text("extension"));
    out.extensions_.push_back(ascii_lower(extension));
  }
  std::sort(out.extensions_.begin(), out.extensions_.end());
  SC_ASSIGN_OR_RETURN(out.build_sets_, read_build_sets(in, out.builds_.size()));
  SC_ASSIGN_OR_RETURN(out.paths_, read_paths(in));

  out.first_row_.reserve(out.paths_.size() + 1);
  out.first_row_.push_back(0);
  const size_t counts_at = in.offset();
  if (in.left() / 2 < out.paths_.size())
    return fail(ErrorCode::kTruncated, fmt::format("exchange baselines: row counts of {} paths at payload offset {} "
                                                   "need {} bytes, {} are left", out.paths_.size(), counts_at,
                                                   2 * out.paths_.size(), in.left()));
  // Every row takes 34 bytes after the counts, so no honest sum passes this bound (and
  // checking it as we add keeps the sum far from overflowing).
  const uint64_t max_rows = in.left() / (Layout::kSha256Size + 2);
  for (size_t i = 0; i < out.paths_.size(); ++i) {
    SC_ASSIGN_OR_RETURN(const uint64_t rows, in.next(2, "row count"));
    if (rows == 0)
      return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: path {} has no rows", out.paths_[i]));
    const uint64_t total = uint64_t{out.first_row_.back()} + rows;
    if (total > max_rows)
      return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: row counts at payload offset {} add up to more "
                                                   "than the {} rows the rest of the payload can hold", counts_at, max_rows));
    out.first_row_.push_back(static_cast<uint32_t>(total));
  }
  const size_t rows_at = in.offset();
  SC_ASSIGN_OR_RETURN(const uint32_t row_count, in.count(Layout::kSha256Size + 2, "rows"));
  if (row_count != out.first_row_.back())
    return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: {} rows at payload offset {}, the paths' counts "
                                                 "add up to {}", row_count, rows_at, out.first_row_.back()));
  SC_ASSIGN_OR_RETURN(auto hashes, in.take(size_t{row_count} * Layout::kSha256Size, "row hashes"));
  out.hashes_.resize(row_count);
  for (size_t r = 0; r < row_count; ++r)
    std::copy_n(hashes.begin() + static_cast<ptrdiff_t>(r * Layout::kSha256Size), Layout::kSha256Size,
                out.hashes_[r].begin());
  for (size_t p = 0; p < out.paths_.size(); ++p)
    for (size_t r = out.first_row_[p] + 1; r < out.first_row_[p + 1]; ++r)
      if (!(out.hashes_[r - 1] < out.hashes_[r]))
        return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: hashes of path {} are not in increasing order",
                                                     out.paths_[p]));
  out.row_set_.reserve(row_count);
  for (size_t r = 0; r < row_count; ++r) {
    SC_ASSIGN_OR_RETURN(const uint64_t set, in.next(2, "row build set"));
    if (set >= out.build_sets_.size())
      return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: row {} names build set {} of {}", r, set,
                                                   out.build_sets_.size()));
    out.row_set_.push_back(static_cast<uint16_t>(set));
  }
  if (in.left() != 0)
    return fail(ErrorCode::kCorrupt, fmt::format("exchange baselines: {} bytes after the rows at payload offset {}",
                                                 in.left(), in.offset()));
  return out;
}

Result<ExchangeBaselines> ExchangeBaselines::decode(std::span<const std::byte> file) {
  using Layout = ExchangeBaselineLayout;
  const ByteReader reader(file);
  SC_ASSIGN_OR_RETURN(auto magic, reader.bytes(0, Layout::kMagic.size(), "exchange baselines magic"));
  if (as_text(magic) != Layout::kMagic)
    return fail(ErrorCode::kFormat, "exchange baselines: bad magic (not a shellcarve Exchange baseline table)");
  SC_ASSIGN_OR_RETURN(const uint32_t version, reader.u32(Layout::kVersionOffset, "exchange baselines version"));
  if (version != Layout::kVersion)
    return fail(ErrorCode::kUnsupported, fmt::format("exchange baselines: version {} (this build reads {})", version,
                                                     Layout::kVersion));
  SC_ASSIGN_OR_RETURN(const uint32_t payload_size,
                      reader.u32(Layout::kPayloadSizeOffset, "exchange baselines payload size"));
  if (payload_size > Layout::kMaxPayload)
    return fail(ErrorCode::kLimit, fmt::format("exchange baselines: payload of {} bytes, more than the {} allowed",
                                               payload_size, Layout::kMaxPayload));
  SC_ASSIGN_OR_RETURN(auto stream, reader.bytes(Layout::kHeaderSize, file.size() - std::min(file.size(), Layout::kHeaderSize),
                                                "exchange baselines zlib stream"));
  SC_ASSIGN_OR_RETURN(const auto payload, zlib_inflate(stream, payload_size, "exchange baselines"));
  return parse_payload(payload);
}

Result<ExchangeBaselines> ExchangeBaselines::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return fail(ErrorCode::kNotFound, fmt::format("{}: cannot open", path.string()));
  const std::streamoff size = in.tellg();
  if (size < 0) return fail(ErrorCode::kIo, fmt::format("{}: cannot tell its size", path.string()));
  std::vector<std::byte> bytes(static_cast<size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
    return fail(ErrorCode::kIo, fmt::format("{}: read failed", path.string()));
  auto baselines = decode(bytes);
  if (!baselines) return fail(baselines.error().code, path.string() + ": " + baselines.error().message);
  return baselines;
}

std::optional<uint16_t> ExchangeBaselines::find_build(std::string_view build) const {
  const auto normalised = normalise_exchange_build(build);
  if (!normalised) return std::nullopt;
  const auto it = std::find(builds_.begin(), builds_.end(), *normalised);
  if (it == builds_.end()) return std::nullopt;
  return static_cast<uint16_t>(it - builds_.begin());
}

std::optional<size_t> ExchangeBaselines::find_path(std::string_view path) const {
  const auto it = std::lower_bound(paths_.begin(), paths_.end(), path, [](const std::string& a, std::string_view b) {
    return compare_folded(a, b) < 0;
  });
  if (it == paths_.end() || compare_folded(*it, path) != 0) return std::nullopt;
  return static_cast<size_t>(it - paths_.begin());
}

bool ExchangeBaselines::is_web_extension(std::string_view extension) const {
  return std::binary_search(extensions_.begin(), extensions_.end(), extension);
}

std::span<const uint16_t> ExchangeBaselines::builds_with(size_t path_index, const Sha256Digest& sha256) const {
  if (path_index >= paths_.size()) return {};
  const auto first = hashes_.begin() + first_row_[path_index];
  const auto last = hashes_.begin() + first_row_[path_index + 1];
  const auto it = std::lower_bound(first, last, sha256);
  if (it == last || *it != sha256) return {};
  return build_sets_[row_set_[static_cast<size_t>(it - hashes_.begin())]];
}

Result<std::filesystem::path> find_exchange_baselines_file() {
  SC_ASSIGN_OR_RETURN(const auto dir, find_rules_directory(
                                          [](const std::filesystem::path& d) {
                                            std::error_code ec;
                                            return std::filesystem::is_regular_file(d / kExchangeBaselinesFileName, ec);
                                          },
                                          "shellcarve's Exchange baseline table (exchange-baselines.bin)"));
  return dir / kExchangeBaselinesFileName;
}

}  // namespace shellcarve::detect
