// ExchangeBaselines: Microsoft's known-good SHA-256 of every web file shipped under
// FrontEnd\HttpProxy and ClientAccess, for each Exchange 2013/2016/2019 build the lists
// cover, loaded from our committed table rules/exchange-baselines.bin.
//
// Source: CSS-Exchange (microsoft/CSS-Exchange, MIT), Security/src/Baselines/baseline_<build>.csv,
// the lists the retired CompareExchangeHashes.ps1 used; turned into this table by
// scripts/make-exchange-baselines.py (docs/exchange-baselines.md).
//
// File format, version 1 (all integers little-endian):
//   header, uncompressed, 16 bytes:
//     0  magic "SCEXBASE" (8 bytes)
//     8  u32 version (1)
//     12 u32 payload size: the inflated size of what follows
//   a zlib stream (RFC 1950) of the payload, ending the file. The payload:
//     u32 build count B; B x (u8 length, ASCII build "15.2.858.5", normalised: no leading zeros),
//        in version order; a build's index is its position here
//     u32 extension count; each (u8 length, ASCII lower-case extension without the dot): the
//        web extensions the lists were made of (what the integrity pass examines)
//     u32 build-set count S; S x ceil(B/8) bytes: a bitset of build indices (bit i%8 of byte
//        i/8, least significant first); no set is empty, no bit at or past B is set
//     u32 path count P; P x (u16 bytes shared with the previous path, u16 suffix length,
//        suffix): paths relative to the Exchange install folder ("\ClientAccess\owa\...",
//        backslashes, ASCII), in strictly increasing ASCII-case-folded byte order (so no two
//        paths differ only in case: Windows would treat them as one)
//     P x u16: the number of rows of each path, in path order (each at least 1)
//     u32 row count R (= the sum of those counts); R x 32 bytes: SHA-256, rows of one path
//        in strictly increasing byte order; then R x u16: each row's build-set index (< S)
// Every count is checked against the bytes left before anything is allocated for it.
//
// Versioned folders: the lists write the build-named folders (owa\auth\15.1.2176.9\,
// owa\prem\15.1.2176.9\, owa\15.1.2176.9\, ecp\15.1.2176.9\) as "version"; see
// baseline_path_for in exchange_classify.h.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace shellcarve::detect {

struct ExchangeBaselineLayout {
  static constexpr std::string_view kMagic = "SCEXBASE";
  static constexpr uint32_t kVersion = 1;
  static constexpr size_t kVersionOffset = 8;       // u32
  static constexpr size_t kPayloadSizeOffset = 12;  // u32
  static constexpr size_t kHeaderSize = 16;
  static constexpr size_t kSha256Size = 32;
  // Far above the 6,145,961 bytes the shipped table inflates to; a header claiming more
  // is refused before anything is allocated.
  static constexpr uint32_t kMaxPayload = 256u << 20;
};

inline constexpr const char* kExchangeBaselinesFileName = "exchange-baselines.bin";

using Sha256Digest = std::array<std::byte, ExchangeBaselineLayout::kSha256Size>;

// "15.01.1034.026" -> "15.1.1034.26"; nullopt unless four dot-separated decimal numbers
// (each at most 9 digits after its leading zeros).
std::optional<std::string> normalise_exchange_build(std::string_view text);

// Lower-case hex (64 digits) -> digest; nullopt for anything else.
std::optional<Sha256Digest> parse_sha256_hex(std::string_view hex);

class ExchangeBaselines {
 public:
  // Parses the inflated payload (the part after the header). kTruncated / kCorrupt name the
  // section and the payload offset.
  static Result<ExchangeBaselines> parse_payload(std::span<const std::byte> payload);
  // Checks the header, inflates and parses a whole file's bytes.
  static Result<ExchangeBaselines> decode(std::span<const std::byte> file);
  // Reads `path` and decodes it; errors name the file.
  static Result<ExchangeBaselines> load(const std::filesystem::path& path);

  const std::vector<std::string>& builds() const { return builds_; }
  const std::vector<std::string>& web_extensions() const { return extensions_; }
  size_t path_count() const { return paths_.size(); }
  size_t row_count() const { return hashes_.size(); }
  const std::string& path(size_t index) const { return paths_[index]; }

  // Index of `build` (normalised first), or nullopt when the lists do not cover it.
  std::optional<uint16_t> find_build(std::string_view build) const;
  // Index of the path equal to `path` ignoring ASCII case, or nullopt.
  std::optional<size_t> find_path(std::string_view path) const;
  // True when `extension` (lower case, no dot) is one the lists were made of.
  bool is_web_extension(std::string_view extension) const;
  // Indices of the builds that shipped `sha256` at path `path_index` (ascending); empty when
  // none did.
  std::span<const uint16_t> builds_with(size_t path_index, const Sha256Digest& sha256) const;

 private:
  std::vector<std::string> builds_;
  std::vector<std::string> extensions_;
  std::vector<std::vector<uint16_t>> build_sets_;
  std::vector<std::string> paths_;        // as spelled in the lists, sorted case-folded
  std::vector<uint32_t> first_row_;       // path i's rows are [first_row_[i], first_row_[i+1])
  std::vector<Sha256Digest> hashes_;
  std::vector<uint16_t> row_set_;
};

// The shipped table: rules/exchange-baselines.bin, found where the YARA rules are
// (find_rules_directory: $SHELLCARVE_RULES, beside the executable, /usr/share/shellcarve).
Result<std::filesystem::path> find_exchange_baselines_file();

}  // namespace shellcarve::detect
