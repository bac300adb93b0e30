// What Microsoft's known-good hashes say of one file under an Exchange install folder:
// shipped as it is by a build installed here, by another build, a shipped file whose
// content no build has, or a path no build ever shipped.
//
// Paths. The lists name files relative to the install folder (...\Exchange Server\V15),
// "\FrontEnd\HttpProxy\owa\auth\logon.aspx". Folders named after a build
// (owa\auth\15.1.2176.9\, owa\prem\15.1.2176.9\, owa\15.1.2176.9\, ecp\15.1.2176.9\) are
// written "version" there, whichever build. So a path component that is a build number
// (four dot-separated decimal numbers) is looked up as "version"; the build it names is kept
// as the row's folder build, and a hash that matches, but not in that build, gets a note.
// Should the "version" path be unknown, the literal path is tried too. Names are compared
// ignoring ASCII case, as Windows compares them (every name in the lists is ASCII).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/exchange_baselines.h"

namespace shellcarve::detect {

enum class IntegrityVerdict {
  kKnown,           // the hash is the one a build installed here shipped at this path
  kOtherBuild,      // the hash shipped at this path, but only in builds not installed here
  kKnownSomeBuild,  // the hash shipped at this path; the installed builds were not given
  kModified,        // the path shipped, no build shipped this content there
  kUnknown,         // no build shipped this path
  kUnreadable,      // the content could not be read (the row says why)
};

const char* to_string(IntegrityVerdict verdict);  // "known", "other-build", "known-some-build" ...

// The installed builds as the lists know them.
struct BaselineBuilds {
  std::vector<std::string> given;      // as the caller gave them
  std::vector<uint16_t> indices;       // those the lists cover (sorted, unique)
  std::vector<std::string> uncovered;  // normalised builds the lists do not cover (or unparsable text)
};

BaselineBuilds resolve_installed_builds(const ExchangeBaselines& baselines, const std::vector<std::string>& installed);

// A volume path split at the Exchange install folder: "/Program Files/Microsoft/Exchange
// Server/V15/ClientAccess/ecp/x.aspx" -> install "/Program Files/Microsoft/Exchange Server/V15",
// relative "ClientAccess/ecp/x.aspx". nullopt unless the path holds "/Exchange Server/V15/"
// (any case) followed by FrontEnd/HttpProxy/ or ClientAccess/, the folders the lists cover.
struct ExchangeInstallPath {
  std::string install_folder;
  std::string relative;
};
std::optional<ExchangeInstallPath> split_exchange_install_path(std::string_view volume_path);

// "ClientAccess/owa/prem/15.1.2176.9/x.js" -> "\ClientAccess\owa\prem\version\x.js" with
// folder build "15.1.2176.9" (the first build-named component); '/' or '\' separators.
struct BaselinePath {
  std::string path;
  std::optional<std::string> folder_build;
};
BaselinePath baseline_path_for(std::string_view relative);

struct Classification {
  IntegrityVerdict verdict = IntegrityVerdict::kUnknown;
  std::optional<std::string> baseline_path;   // the lists' spelling of the path, when known
  std::optional<std::string> folder_build;
  std::vector<std::string> matching_builds;   // builds that shipped this hash here, in version order
  std::vector<std::string> notes;
};

Classification classify_exchange_file(const ExchangeBaselines& baselines, std::string_view relative,
                                      const Sha256Digest& sha256, const BaselineBuilds& installed);

}  // namespace shellcarve::detect
