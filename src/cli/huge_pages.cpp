#include "cli/huge_pages.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace shellcarve::cli {
namespace {

constexpr const char* kTunable = "glibc.malloc.hugetlb=1";

// The sanitizer's allocator ignores glibc's tunables: re-executing would change nothing.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitizerBuild = true;
#else
constexpr bool kSanitizerBuild = false;
#endif

bool wanted_for(std::string_view command) {
  return command == "ls" || command == "scan" || command == "timeline" || command == "carve";
}

// THP "[madvise]" is the mode where the tunable helps; with "[always]" the heap already
// gets huge pages and with "[never]" it cannot.
bool thp_on_request() {
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string text;
  std::getline(mode, text);
  return text.find("[madvise]") != std::string::npos;
}

bool under_valgrind() {
  const char* preload = std::getenv("LD_PRELOAD");
  return preload && std::string_view(preload).find("vgpreload") != std::string_view::npos;
}

}  // namespace

void reexec_with_huge_page_heap(std::string_view command, char** argv) {
  if (kSanitizerBuild || !wanted_for(command)) return;
  if (const char* off = std::getenv("SHELLCARVE_HUGE_PAGES"); off && std::string_view(off) == "0")
    return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  // Already set (by us, one exec ago, or by the user): never loop.
  if (tunables && std::string_view(tunables).find("glibc.malloc.hugetlb") != std::string_view::npos)
    return;
  if (under_valgrind() || !thp_on_request()) return;
  const std::string value = tunables && *tunables ? std::string(tunables) + ":" + kTunable : kTunable;
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // exec failed (no /proc, say): run as we are.
  if (tunables) setenv("GLIBC_TUNABLES", tunables, 1);
  else unsetenv("GLIBC_TUNABLES");
}

}  // namespace shellcarve::cli
