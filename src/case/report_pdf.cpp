#include "case/report_pdf.h"

#include <stdlib.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "case/batch/subprocess.h"
#include "common/display_text.h"

namespace shellcarve {
namespace fs = std::filesystem;

std::optional<std::string> find_chromium() {
  const char* path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser"}) {
    size_t start = 0;
    while (start <= dirs.size()) {
      const size_t end = std::min(dirs.find(':', start), dirs.size());
      const std::string dir = dirs.substr(start, end - start);
      const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  return std::nullopt;
}

std::string file_url(const std::string& path) {
  std::string url = "file://";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    url += plain ? std::string(1, c) : fmt::format("%{:02X}", byte);
  }
  return url;
}

Status print_report_pdf(const std::string& case_dir) {
  const auto chromium = find_chromium();
  if (!chromium)
    return fail(ErrorCode::kNotFound,
                "--pdf needs Chromium, which is not installed (Debian: apt-get install chromium); report.html was written");
  const fs::path dir = fs::absolute(case_dir.empty() ? "." : case_dir);
  const fs::path html = dir / html::kReportFileName;
  const fs::path pdf = dir / html::kReportPdfName;
  const fs::path temp_pdf = dir / fmt::format(".{}.tmp-{}", html::kReportPdfName, ::getpid());
  char profile_template[] = "/tmp/shellcarve-chromium-XXXXXX";
  if (!::mkdtemp(profile_template)) return fail(ErrorCode::kIo, "cannot create a profile folder for Chromium");
  const std::string profile = profile_template;
  auto result = run_program({*chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                             "--user-data-dir=" + profile, "--print-to-pdf=" + temp_pdf.string(),
                             file_url(html.string())});
  std::error_code ec;
  fs::remove_all(profile, ec);
  const bool written = fs::exists(temp_pdf, ec) && fs::file_size(temp_pdf, ec) > 0;
  if (!result || result->status != 0 || !written) {
    fs::remove(temp_pdf, ec);
    const std::string why = !result ? result.error().message
                                    : fmt::format("exit status {}: {}", result->status,
                                                  escape_unsafe_text(result->err.substr(0, 400)));
    return fail(ErrorCode::kIo, fmt::format("Chromium did not print '{}': {}", html.string(), why));
  }
  if (std::rename(temp_pdf.c_str(), pdf.c_str()) != 0) {
    fs::remove(temp_pdf, ec);
    return fail(ErrorCode::kIo, fmt::format("cannot rename the PDF to '{}'", pdf.string()));
  }
  return {};
}

}  // namespace shellcarve
