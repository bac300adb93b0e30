#include "detect/exchange_builds.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace shellcarve::detect {

namespace {

constexpr std::string_view kHeader = "build,product,name,kind,kb,released,fixes";
constexpr size_t kFields = 7;

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(separator, start);
    out.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i = 0; i < text.size(); ++i)
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) return false;
  return true;
}

Result<BuildKind> parse_kind(std::string_view text) {
  if (text == "RTM") return BuildKind::kRtm;
  if (text == "CU") return BuildKind::kCu;
  if (text == "SU") return BuildKind::kSu;
  return fail(ErrorCode::kFormat, fmt::format("kind '{}' is not RTM, CU or SU", text));
}

Result<ExchangeBuild> parse_row(const std::vector<std::string_view>& fields) {
  ExchangeBuild build;
  const auto version = parse_version(fields[0]);
  if (!version || version->parts != 4)
    return fail(ErrorCode::kFormat, fmt::format("build '{}' is not a four-part version", fields[0]));
  build.number = version->number;
  build.product = fields[1];
  build.name = fields[2];
  SC_ASSIGN_OR_RETURN(build.kind, parse_kind(fields[3]));
  build.kb = fields[4];
  if (!build.kb.empty() && !build.kb.starts_with("KB"))
    return fail(ErrorCode::kFormat, fmt::format("kb '{}' does not start with KB", build.kb));
  build.released = fields[5];
  if (!build.released.empty() && !is_date(build.released))
    return fail(ErrorCode::kFormat, fmt::format("released '{}' is not YYYY-MM-DD", build.released));
  if (!fields[6].empty())
    for (const std::string_view family : split(fields[6], ';')) {
      if (std::find(kVulnerabilityFamilies.begin(), kVulnerabilityFamilies.end(), family) ==
          kVulnerabilityFamilies.end())
        return fail(ErrorCode::kFormat, fmt::format("unknown family '{}' in fixes", family));
      build.fixes.emplace_back(family);
    }
  if (build.product.empty() || build.name.empty())
    return fail(ErrorCode::kFormat, "product and name must not be empty");
  return build;
}

}  // namespace

std::optional<ParsedVersion> parse_version(std::string_view text) {
  ParsedVersion version;
  for (const std::string_view part : split(text, '.')) {
    if (version.parts == 4 || part.empty() || part.size() > 6) return std::nullopt;
    uint32_t value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size() || value > 0xFFFF) return std::nullopt;
    version.number[version.parts++] = value;
  }
  if (version.parts < 3) return std::nullopt;
  return version;
}

std::string to_string(const BuildNumber& number) {
  return fmt::format("{}.{}.{}.{}", number[0], number[1], number[2], number[3]);
}

const char* to_string(BuildKind kind) {
  switch (kind) {
    case BuildKind::kRtm: return "RTM";
    case BuildKind::kCu: return "CU";
    case BuildKind::kSu: return "SU";
  }
  return "?";
}

bool ExchangeBuild::fixes_family(std::string_view family) const {
  return std::find(fixes.begin(), fixes.end(), family) != fixes.end();
}

Result<ExchangeBuildTable> ExchangeBuildTable::parse(std::string_view csv) {
  ExchangeBuildTable table;
  bool header_seen = false;
  size_t line_number = 0;
  for (std::string_view line : split(csv, '\n')) {
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty() || line.starts_with('#')) continue;
    if (!header_seen) {
      if (line != kHeader)
        return fail(ErrorCode::kFormat, fmt::format("exchange builds line {}: header is not '{}'", line_number, kHeader));
      header_seen = true;
      continue;
    }
    const auto fields = split(line, ',');
    if (fields.size() != kFields)
      return fail(ErrorCode::kFormat, fmt::format("exchange builds line {}: {} fields, expected {}", line_number,
                                                  fields.size(), kFields));
    auto build = parse_row(fields);
    if (!build)
      return fail(ErrorCode::kFormat, fmt::format("exchange builds line {}: {}", line_number, build.error().message));
    table.builds_.push_back(std::move(*build));
  }
  if (!header_seen) return fail(ErrorCode::kFormat, "exchange builds: no header line");
  std::sort(table.builds_.begin(), table.builds_.end(),
            [](const ExchangeBuild& a, const ExchangeBuild& b) { return a.number < b.number; });
  for (size_t i = 1; i < table.builds_.size(); ++i)
    if (table.builds_[i].number == table.builds_[i - 1].number)
      return fail(ErrorCode::kFormat, "exchange builds: build " + to_string(table.builds_[i].number) + " twice");
  return table;
}

const ExchangeBuild* ExchangeBuildTable::find(const BuildNumber& number) const {
  const auto it = std::lower_bound(builds_.begin(), builds_.end(), number,
                                   [](const ExchangeBuild& b, const BuildNumber& n) { return b.number < n; });
  return it != builds_.end() && it->number == number ? &*it : nullptr;
}

const ExchangeBuild* ExchangeBuildTable::find_cu(uint32_t major, uint32_t minor, uint32_t build) const {
  for (const ExchangeBuild& b : builds_)
    if (b.kind != BuildKind::kSu && b.number[0] == major && b.number[1] == minor && b.number[2] == build) return &b;
  return nullptr;
}

}  // namespace shellcarve::detect
