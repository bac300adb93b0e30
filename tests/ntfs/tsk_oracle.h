// Comparing our bodyfile with The Sleuth Kit's (`fls -r -p -m /`) on name, inode, size and
// the four times. Lines are matched by name (the full display name with its " ($FILE_NAME)"
// and " (deleted)" markers); every difference is a string naming the line and the field.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace shellcarve {
class Image;
}

namespace shellcarve::test {

struct BodyDifference {
  std::string name;
  std::string what;  // "only in fls", "only in shellcarve", "inode 5-144-6 vs 5-144-1" ...
};

std::vector<BodyDifference> compare_bodyfiles(const std::string& ours, const std::string& fls);

// What compare_bodyfiles says of a name we recover from $I30 slack that fls leaves out
// because its key's times lie after 2019 (TSK's is_time() window; docs/tsk-differences.md,
// tests/carve/tsk_slack_time_window_test.cpp shows the cause).
inline constexpr const char* kOnlyOursAfterFlsTimeWindow =
    "only in shellcarve: $I30 slack name dated after 2019 (outside fls's time window)";
inline bool explained_by_fls_time_window(const BodyDifference& difference) {
  return difference.what == kOnlyOursAfterFlsTimeWindow;
}

// Known differences, one per line in tests/data/tsk-differences.tsv:
// IMAGE<TAB>NAME<TAB>WHAT<TAB>reason, where NAME may be "*" (any line) and WHAT is the
// start of the difference text; reasons are documented in docs/tsk-differences.md.
struct KnownDifference {
  std::string image, name, what;
  bool covers(const std::string& image_label, const BodyDifference& difference) const {
    return image == image_label && (name == "*" || name == difference.name) &&
           difference.what.rfind(what, 0) == 0;
  }
};
std::vector<KnownDifference> known_differences();

// Our bodyfile for the NTFS volume at `volume_offset` bytes of `image`.
std::string shellcarve_bodyfile(const std::filesystem::path& image, uint64_t volume_offset);
// The same for an image already open (e.g. a VSS store's view).
std::string shellcarve_bodyfile(Image& image, uint64_t volume_offset);

}  // namespace shellcarve::test
