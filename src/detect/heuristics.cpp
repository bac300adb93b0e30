// Heuristics outside YARA; what each one means is in heuristics.h.
#include "detect/heuristics.h"

#include "common/text.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace shellcarve::detect {
namespace {

char lower(char c) { return ascii_lower(c); }
std::string to_lower(std::string_view text) { return ascii_lower(text); }

bool is_ident(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view as_text(std::span<const std::byte> content) {
  return {reinterpret_cast<const char*>(content.data()), content.size()};
}

std::string_view file_name_of(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string extension_of(std::string_view name) {
  name = file_name_of(name);
  const size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  return to_lower(name.substr(dot));
}

std::string stem_of(std::string_view name) {
  name = file_name_of(name);
  const size_t dot = name.find_last_of('.');
  return to_lower(dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot));
}

// Printable, whitespace-collapsed, at most `max` characters: evidence goes into CSV/JSON
// cells and terminals, so control bytes never pass.
std::string excerpt(std::string_view text, size_t max = 160) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  return out;
}

// Position of `word` in `lower_text` with identifier boundaries on both sides, or npos.
size_t find_word(std::string_view lower_text, std::string_view word, size_t from = 0) {
  for (size_t at = lower_text.find(word, from); at != std::string_view::npos;
       at = lower_text.find(word, at + 1)) {
    const bool left = at == 0 || !is_ident(lower_text[at - 1]);
    const size_t end = at + word.size();
    const bool right = end >= lower_text.size() || !is_ident(lower_text[end]);
    if (left && right) return at;
  }
  return std::string_view::npos;
}

// The first non-space character at or after `pos`, or '\0'.
char next_non_space(std::string_view text, size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos < text.size() ? text[pos] : '\0';
}

// A call of `word` as a function or VBScript statement: "eval(", "eval request(...)",
// "Execute x". Returns the match position or npos.
size_t find_call(std::string_view lower_code, std::string_view word) {
  for (size_t at = find_word(lower_code, word); at != std::string_view::npos;
       at = find_word(lower_code, word, at + 1)) {
    const char next = next_non_space(lower_code, at + word.size());
    size_t before = at;
    while (before > 0 && is_space(lower_code[before - 1])) --before;
    // conn.Execute(sql) and the like are member calls, not the script engine's eval.
    const bool member = before > 0 && lower_code[before - 1] == '.' && word != "load";
    if (!member && (next == '(' || is_ident(next) || next == '"')) return at;
  }
  return std::string_view::npos;
}

// Request input: Request(...), Request.Item/Form/QueryString/BinaryRead/InputStream,
// Request[...]; the ASP and ASP.NET spellings alike.
size_t find_request_input(std::string_view lower_code) {
  for (size_t at = find_word(lower_code, "request"); at != std::string_view::npos;
       at = find_word(lower_code, "request", at + 1)) {
    const char next = next_non_space(lower_code, at + 7);
    if (next == '(' || next == '[' || next == '.') return at;
  }
  return std::string_view::npos;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

bool random_looking(std::string_view stem) {
  if (stem.size() < 6) return false;
  size_t switches = 0;
  size_t digits = 0;
  bool hex_only = true;
  for (size_t i = 0; i < stem.size(); ++i) {
    const char c = stem[i];
    if (!is_ident(c) || c == '_') return false;
    const bool digit = c >= '0' && c <= '9';
    digits += digit;
    if (!digit && !(lower(c) >= 'a' && lower(c) <= 'f')) hex_only = false;
    if (i > 0) {
      const bool prev_digit = stem[i - 1] >= '0' && stem[i - 1] <= '9';
      if (digit != prev_digit) ++switches;
    }
  }
  if (hex_only && stem.size() >= 8 && digits > 0) return true;
  return switches >= 4;
}

}  // namespace

bool is_server_page_name(std::string_view path) {
  static constexpr std::array<std::string_view, 9> kExtensions = {
      ".aspx", ".asp", ".ashx", ".asmx", ".asa", ".cer", ".cshtml", ".vbhtml", ".config"};
  const std::string ext = extension_of(path);
  return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

std::string server_code(std::string_view path, std::span<const std::byte> content) {
  const std::string_view text = as_text(content);
  const std::string low = to_lower(text);
  const std::string ext = extension_of(path);
  std::string code;
  auto append = [&](size_t begin, size_t end) {
    if (end <= begin) return;
    if (!code.empty()) code += '\n';
    code.append(text.substr(begin, end - begin));
  };

  size_t pos = 0;
  while (pos < low.size()) {
    const size_t block = low.find("<%", pos);
    const size_t script = low.find("<script", pos);
    if (block == std::string::npos && script == std::string::npos) break;
    if (block < script) {
      if (low.compare(block, 4, "<%--") == 0) {  // server comment
        const size_t end = low.find("--%>", block + 4);
        pos = end == std::string::npos ? low.size() : end + 4;
        continue;
      }
      const size_t end = low.find("%>", block + 2);
      const size_t stop = end == std::string::npos ? low.size() : end;
      const char kind = block + 2 < low.size() ? low[block + 2] : '\0';
      if (kind == '@') {
        // An .ashx/.asmx directive is followed by the handler's code, with no <% %> around.
        const std::string_view directive = std::string_view(low).substr(block, stop - block);
        if ((ext == ".ashx" || ext == ".asmx") &&
            (directive.find("webhandler") != std::string::npos || directive.find("webservice") != std::string::npos)) {
          append(std::min(stop + 2, low.size()), low.size());
          return code;
        }
      } else if (kind != '#') {  // <%# %> is data binding: Eval() there is DataBinder.Eval
        append(block + 2, stop);
      }
      pos = end == std::string::npos ? low.size() : end + 2;
    } else {
      const size_t tag_end = low.find('>', script);
      if (tag_end == std::string::npos) break;
      std::string tag = low.substr(script, tag_end - script);
      std::erase_if(tag, [](char c) { return is_space(c) || c == '"' || c == '\''; });
      const size_t close = low.find("</script", tag_end);
      const size_t stop = close == std::string::npos ? low.size() : close;
      if (tag.find("runat=server") != std::string::npos) append(tag_end + 1, stop);
      pos = stop;
      if (close != std::string::npos) pos = close + 8;
    }
  }
  return code;
}

std::optional<HeuristicHit> server_page_in_aspnet_client(std::string_view path,
                                                         std::span<const std::byte> content) {
  if (!is_server_page_name(path)) return std::nullopt;
  const std::string low_path = to_lower(path);
  bool in_folder = false;
  for (size_t at = low_path.find("aspnet_client"); at != std::string::npos;
       at = low_path.find("aspnet_client", at + 1)) {
    const bool left = at == 0 || low_path[at - 1] == '/' || low_path[at - 1] == '\\';
    const size_t end = at + 13;
    const bool right = end < low_path.size() && (low_path[end] == '/' || low_path[end] == '\\');
    if (left && right) in_folder = true;
  }
  if (!in_folder) return std::nullopt;
  const std::string code = server_code(path, content);
  const bool directive = to_lower(as_text(content)).find("<%@") != std::string::npos;
  if (code.find_first_not_of(" \t\r\n") == std::string::npos && !directive) return std::nullopt;
  return HeuristicHit{"aspnet_client_server_page",
                      fmt::format("server page under aspnet_client ({} bytes of server code): {}", code.size(),
                                  excerpt(code.empty() ? as_text(content) : std::string_view(code)))};
}

std::optional<HeuristicHit> tiny_page_evaluating_request(std::string_view path,
                                                         std::span<const std::byte> content) {
  const std::string code = server_code(path, content);
  if (code.empty() || code.size() >= kTinyServerCodeBytes) return std::nullopt;
  const std::string low = to_lower(code);
  static constexpr std::array<std::string_view, 5> kSinks = {"eval", "execute", "executeglobal", "load",
                                                            "createinstance"};
  size_t sink = std::string::npos;
  std::string_view sink_name;
  for (std::string_view s : kSinks) {
    size_t at = find_call(low, s);
    // Assembly.Load only: a bare Load( is too common a method name.
    if (s == "load" && at != std::string::npos && (at < 9 || low.compare(at - 9, 9, "assembly.") != 0)) {
      at = std::string::npos;
    }
    if (at < sink) {
      sink = at;
      sink_name = s;
    }
  }
  if (sink == std::string::npos) return std::nullopt;
  const size_t input = find_request_input(low);
  if (input == std::string::npos) return std::nullopt;
  return HeuristicHit{"tiny_request_eval",
                      fmt::format("{} bytes of server code call {} on request input: {}", code.size(), sink_name,
                                  excerpt(code))};
}

std::optional<HeuristicHit> name_unlike_siblings(const std::vector<std::string>& folder_names,
                                                 std::string_view candidate) {
  const std::string candidate_lower = to_lower(file_name_of(candidate));
  const std::string stem = stem_of(candidate);
  const std::string ext = extension_of(candidate);
  std::vector<std::string> reasons;

  size_t server_siblings = 0;
  bool extension_seen = false;
  for (const std::string& sibling : folder_names) {
    const std::string sibling_lower = to_lower(file_name_of(sibling));
    if (sibling_lower == candidate_lower) continue;
    if (is_server_page_name(sibling)) {
      ++server_siblings;
      if (extension_of(sibling) == ext) extension_seen = true;
    }
    const std::string other = stem_of(sibling);
    if (other == stem || stem.size() < 5 || other.size() < 5) continue;
    const size_t allowed = stem.size() <= 9 ? 1 : 3;
    const size_t length_gap = stem.size() > other.size() ? stem.size() - other.size() : other.size() - stem.size();
    if (length_gap > allowed) continue;
    if (const size_t d = edit_distance(stem, other); d <= allowed && reasons.empty()) {
      reasons.push_back(fmt::format("lookalike of {} ({} edit{})", excerpt(sibling, 80), d, d == 1 ? "" : "s"));
    }
  }
  if (random_looking(stem)) reasons.push_back("random-looking name");
  if (is_server_page_name(candidate) && server_siblings >= 3 && !extension_seen) {
    reasons.push_back(fmt::format("no other {} among {} server pages", ext, server_siblings));
  }
  if (reasons.empty()) return std::nullopt;
  std::string evidence = excerpt(file_name_of(candidate), 80) + ": ";
  for (size_t i = 0; i < reasons.size(); ++i) evidence += (i ? "; " : "") + reasons[i];
  return HeuristicHit{"name_unlike_siblings", evidence};
}

std::vector<HeuristicHit> content_heuristics(std::string_view path, std::span<const std::byte> content) {
  std::vector<HeuristicHit> hits;
  if (auto hit = server_page_in_aspnet_client(path, content)) hits.push_back(std::move(*hit));
  if (auto hit = tiny_page_evaluating_request(path, content)) hits.push_back(std::move(*hit));
  return hits;
}

}  // namespace shellcarve::detect
