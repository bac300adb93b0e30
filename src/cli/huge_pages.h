// Transparent huge pages for the heap of the commands that hold a whole volume's catalog.
//
// `ls`, `scan`, `timeline` and `carve` build a summary of every MFT record: hundreds of MiB
// of small allocations on a server volume. With the kernel's THP mode "madvise" (Debian's
// default) that memory comes in 4 KiB pages, and faulting them in was a sixth of the CPU
// time of `ls` on the 500,000-file bench volume. glibc backs its heap with huge pages when
// the tunable glibc.malloc.hugetlb=1 is set, but reads tunables only from the environment
// at start-up, so the process sets it and executes itself once more (same arguments, same
// descriptors). SHELLCARVE_HUGE_PAGES=0 turns this off; it is also skipped under valgrind
// and in sanitizer builds, where it would change nothing or hide the process.
#pragma once

#include <string_view>

namespace shellcarve::cli {

// Returns only when no re-execution happened (not wanted, not useful, or exec failed).
void reexec_with_huge_page_heap(std::string_view command, char** argv);

}  // namespace shellcarve::cli
