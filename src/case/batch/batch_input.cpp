#include "case/batch/batch_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/filetime.h"

namespace shellcarve {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// One CSV line (RFC 4180 quoting, doubled quotes inside a quoted field; a manifest row does
// not span lines). nullopt when a quote is left open.
std::optional<std::vector<std::string>> split_csv_line(std::string_view line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { cells.back() += '"'; ++i; }
      else if (c == '"') quoted = false;
      else cells.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  for (auto& cell : cells) cell = trim(cell);
  return cells;
}

// A cell read back verbatim by split_csv_line (csv_cell() would also defuse formulas, which
// changes the text).
std::string quote_csv(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos && text == trim(text)) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// The segment extension of a first segment, or "" when `name` is not one.
std::string image_extension(const std::string& name) {
  const std::string l = lower(name);
  for (const char* ext : {".e01", ".ex01", ".001", ".raw", ".dd", ".img", ".bin"})
    if (l.size() > std::char_traits<char>::length(ext) && l.ends_with(ext)) return ext;
  return "";
}

}  // namespace

Result<std::vector<BatchItem>> read_batch_manifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, fmt::format("batch manifest '{}' cannot be read", path));
  const fs::path base = fs::path(path).parent_path();
  std::vector<BatchItem> items;
  std::map<std::string, size_t> columns;
  std::string line;
  for (uint64_t number = 1; std::getline(in, line); ++number) {
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a UTF-8 BOM
    if (trim(line).empty() || trim(line).starts_with("#")) continue;
    const auto cells = split_csv_line(line);
    if (!cells)
      return fail(ErrorCode::kFormat, fmt::format("{}:{}: a quoted value is not closed", path, number));
    if (columns.empty()) {
      for (size_t i = 0; i < cells->size(); ++i) {
        const std::string name = lower((*cells)[i]);
        static const std::set<std::string> known{"image", "patched_at", "case_number", "evidence_number",
                                                 "examiner", "name"};
        if (!known.contains(name))
          return fail(ErrorCode::kFormat, fmt::format("{}:{}: unknown column '{}' (known: image, patched_at, "
                                                      "case_number, evidence_number, examiner, name)",
                                                      path, number, (*cells)[i]));
        columns[name] = i;
      }
      if (!columns.contains("image"))
        return fail(ErrorCode::kFormat, fmt::format("{}:{}: the header names no 'image' column", path, number));
      continue;
    }
    const auto cell = [&](const char* column) -> std::string {
      const auto it = columns.find(column);
      return it != columns.end() && it->second < cells->size() ? (*cells)[it->second] : std::string();
    };
    BatchItem item;
    item.source = fmt::format("{}:{}", path, number);
    if (cell("image").empty())
      return fail(ErrorCode::kFormat, fmt::format("{}:{}: no image on this row", path, number));
    const fs::path image(cell("image"));
    item.image = (image.is_absolute() ? image : base / image).lexically_normal().string();
    if (const std::string when = cell("patched_at"); !when.empty()) {
      item.patched_at = iso8601_to_filetime(when);
      if (!item.patched_at)
        return fail(ErrorCode::kFormat, fmt::format("{}:{}: patched_at '{}' is not an ISO 8601 time", path,
                                                    number, when));
    }
    item.case_number = non_empty(cell("case_number"));
    item.evidence_number = non_empty(cell("evidence_number"));
    item.examiner = non_empty(cell("examiner"));
    item.name = cell("name");
    items.push_back(std::move(item));
  }
  if (columns.empty()) return fail(ErrorCode::kFormat, fmt::format("batch manifest '{}' is empty", path));
  return items;
}

Result<std::vector<BatchItem>> find_batch_images(const std::vector<std::string>& folders) {
  std::vector<BatchItem> items;
  for (const auto& folder : folders) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
      return fail(ErrorCode::kNotFound, fmt::format("'{}' is not a folder", folder));
    std::vector<fs::path> found;
    for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && !it->is_symlink(ec) && !image_extension(it->path().filename().string()).empty())
        found.push_back(it->path());
    }
    if (ec) return fail(ErrorCode::kIo, fmt::format("searching '{}': {}", folder, ec.message()));
    std::sort(found.begin(), found.end());
    for (const auto& p : found) {
      BatchItem item;
      item.image = p.lexically_normal().string();
      item.source = fmt::format("search of {}", folder);
      items.push_back(std::move(item));
    }
  }
  return items;
}

void assign_case_names(std::vector<BatchItem>& items) {
  std::set<std::string> taken;
  for (auto& item : items) {
    std::string name = item.name;
    if (name.empty()) {
      name = fs::path(item.image).filename().string();
      name.resize(name.size() - image_extension(name).size());
    }
    for (char& c : name)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
    if (name.empty() || name == "." || name == "..") name = "image";
    std::string unique = name;
    for (int n = 2; taken.contains(lower(unique)); ++n) unique = fmt::format("{}-{}", name, n);
    taken.insert(lower(unique));
    item.name = unique;
  }
}

std::string render_batch_manifest(const std::vector<BatchItem>& items) {
  std::string out = "image,patched_at,case_number,evidence_number,examiner,name\n";
  for (const auto& item : items) {
    out += fmt::format("{},{},{},{},{},{}\n", quote_csv(item.image),
                       item.patched_at ? filetime_to_iso8601(*item.patched_at) : "",
                       quote_csv(item.case_number.value_or("")), quote_csv(item.evidence_number.value_or("")),
                       quote_csv(item.examiner.value_or("")), quote_csv(item.name));
  }
  return out;
}

}  // namespace shellcarve
