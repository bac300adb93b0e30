#include "logs/proxylogon_checks.h"

#include <cctype>

#include "common/text.h"
#include "logs/row_fields.h"

namespace shellcarve::logs {
namespace {

constexpr std::string_view kOabDownloadFailed = "download failed and temporary file";

LogHit hit_of(const LogRow& row, std::string_view check, std::string detail) {
  LogHit hit;
  hit.check = std::string(check);
  hit.family = row.family;
  hit.time = row_time(row);
  hit.client_ip = std::string(row_client_ip(row));
  hit.user_agent = std::string(row_user_agent(row));
  hit.detail = std::move(detail);
  if (row.line != nullptr) hit.line = std::string(row.line->text);
  return hit;
}

// The text between the first pair of single quotes after `from`, or "".
std::string quoted_after(std::string_view text, size_t from) {
  const size_t open = text.find('\'', from);
  if (open == std::string_view::npos) return {};
  const size_t close = text.find('\'', open + 1);
  if (close == std::string_view::npos) return {};
  return std::string(text.substr(open + 1, close - open - 1));
}

}  // namespace

bool is_server_info_anchor(std::string_view anchor_mailbox) {
  constexpr std::string_view kPrefix = "serverinfo~";
  if (anchor_mailbox.size() < kPrefix.size() || ascii_lower(anchor_mailbox.substr(0, kPrefix.size())) != kPrefix)
    return false;
  return anchor_mailbox.find('/', kPrefix.size()) != std::string_view::npos;
}

std::string_view find_set_virtual_directory(std::string_view text) {
  const std::string lower = ascii_lower(text);
  constexpr std::string_view kSet = "set-";
  constexpr std::string_view kNoun = "virtualdirectory";
  for (size_t start = lower.find(kSet); start != std::string::npos; start = lower.find(kSet, start + 1)) {
    // "Set-" starting a word: the script's regex also matches inside Reset-OabVirtualDirectory,
    // which restores a directory and writes no URL (the reset that follows the Set- in the
    // attack is the file write CVE-2021-26858's log line shows).
    if (start > 0 && std::isalpha(static_cast<unsigned char>(lower[start - 1]))) continue;
    // `.+`: at least one character between "Set-" and "VirtualDirectory".
    const size_t noun = lower.find(kNoun, start + kSet.size() + 1);
    if (noun == std::string::npos) return {};
    return text.substr(start, noun + kNoun.size() - start);
  }
  return {};
}

std::optional<LogHit> check_row(const LogRow& row) {
  if (row.line == nullptr) return std::nullopt;
  switch (row.family) {
    case LogFamily::kHttpProxy: {
      const std::string_view anchor = row.field("AnchorMailbox");
      if (!row.field("AuthenticatedUser").empty() || !is_server_info_anchor(anchor)) return std::nullopt;
      return hit_of(row, kCve26855, "AnchorMailbox " + std::string(anchor) + ", no AuthenticatedUser, UrlStem " +
                                        std::string(row.field("UrlStem")));
    }
    case LogFamily::kOabGenerator: {
      const std::string lower = ascii_lower(row.line->text);
      const size_t at = lower.find(kOabDownloadFailed);
      if (at == std::string::npos) return std::nullopt;
      const std::string file = quoted_after(row.line->text, at);
      return hit_of(row, kCve26858, file.empty() ? "Download failed and temporary file"
                                                 : "Download failed and temporary file '" + file + "'");
    }
    case LogFamily::kEcp: {
      const std::string_view cmdlet = find_set_virtual_directory(row.line->text);
      if (cmdlet.empty()) return std::nullopt;
      const bool script = ascii_lower(row.line->text).find("<script") != std::string::npos;
      return hit_of(row, kCve27065, std::string(cmdlet) + (script ? " with a script in a URL" : ""));
    }
    case LogFamily::kIis:
    case LogFamily::kEvtx: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace shellcarve::logs
