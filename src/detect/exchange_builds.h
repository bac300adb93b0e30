// The table of Exchange Server 2013/2016/2019 builds (rules/exchange-builds.csv, embedded in
// the binary at build time): for each build, its product, name, kind (RTM, CU or SU), KB,
// release date and the vulnerability families it fixes. Only builds this table knows can
// date a patch; a version-named folder it does not know is an anomaly, not a build.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace shellcarve::detect {

// A four-part file version, e.g. 15.1.2176.9 (major.minor.build.revision).
using BuildNumber = std::array<uint32_t, 4>;

// "15.1.2176.9" -> {15,1,2176,9}; "15.1.2176" -> {15,1,2176} with three parts. Leading zeros
// are accepted ("15.01.2176.002", as setup logs write them). nullopt unless the whole text is
// 3 or 4 dot-separated decimal numbers, each at most 65535 (a version part is 16 bits).
struct ParsedVersion {
  BuildNumber number{};
  size_t parts = 0;  // 3 or 4
};
std::optional<ParsedVersion> parse_version(std::string_view text);
std::string to_string(const BuildNumber& number);

enum class BuildKind { kRtm, kCu, kSu };
const char* to_string(BuildKind kind);

struct ExchangeBuild {
  BuildNumber number{};
  std::string product;   // "Exchange Server 2016"
  std::string name;      // "Exchange Server 2016 CU19 Mar21SU"
  BuildKind kind = BuildKind::kCu;
  std::string kb;        // "KB5000871", "" when the sources give none
  std::string released;  // "2021-03-02", "" when the sources give none
  std::vector<std::string> fixes;  // "proxylogon", "proxyshell", "proxynotshell"

  bool fixes_family(std::string_view family) const;
};

// The families the table knows, in the order of their fixes.
inline constexpr std::array<std::string_view, 3> kVulnerabilityFamilies{"proxylogon", "proxyshell",
                                                                      "proxynotshell"};

class ExchangeBuildTable {
 public:
  // Parses the CSV text: '#' lines are comments, the first other line is the header
  // "build,product,name,kind,kb,released,fixes". Errors name the line and the field.
  static Result<ExchangeBuildTable> parse(std::string_view csv);

  const std::vector<ExchangeBuild>& builds() const { return builds_; }  // by build number
  const ExchangeBuild* find(const BuildNumber& number) const;
  // The CU (or RTM) whose first three parts are these: a 3-part folder name names its CU.
  const ExchangeBuild* find_cu(uint32_t major, uint32_t minor, uint32_t build) const;

 private:
  std::vector<ExchangeBuild> builds_;
};

// The embedded table, parsed once on first use (thread-safe). Defined in the .cpp CMake
// generates from rules/exchange-builds.csv (src/detect/exchange_builds_data.cpp.in). An error
// means the CSV in the source tree is malformed; a test keeps that from shipping.
const Result<ExchangeBuildTable>& exchange_builds();

}  // namespace shellcarve::detect
