// `ls`, `scan`, `timeline` and `carve` execute themselves once more with glibc's huge-page
// heap tunable (src/cli/huge_pages.h). The listing must not depend on it, a tunable the
// user already set must be kept (and never cause a second exec), and
// SHELLCARVE_HUGE_PAGES=0 must turn it off.
#include <gtest/gtest.h>

#include "ntfs/committed_images.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

std::string ls_with_environment(const std::string& environment, const std::string& image) {
  const CommandResult result = run_command(environment + " " + shell_quote(SHELLCARVE_BINARY) +
                                           " ls --bodyfile " + shell_quote(image));
  EXPECT_EQ(result.status, 0) << environment << ": " << result.err;
  return result.out;
}

TEST(HugePages, ListingIsTheSameWithAndWithout) {
  const auto image = committed_image("ntfs-basic.raw");
  ASSERT_FALSE(image.empty()) << "ntfs-basic.raw not committed";
  const std::string plain = ls_with_environment("SHELLCARVE_HUGE_PAGES=0", image.string());
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(ls_with_environment("", image.string()), plain);
  // A tunable of the user's own is extended, not replaced; one already naming hugetlb is
  // left alone.
  EXPECT_EQ(ls_with_environment("GLIBC_TUNABLES=glibc.malloc.arena_max=2", image.string()), plain);
  EXPECT_EQ(ls_with_environment("GLIBC_TUNABLES=glibc.malloc.hugetlb=0", image.string()), plain);
}

TEST(HugePages, ExecutesItselfAtMostOnce) {
  if (!have_tool("strace")) GTEST_SKIP() << "strace absent";
  const auto image = committed_image("ntfs-basic.raw");
  ASSERT_FALSE(image.empty()) << "ntfs-basic.raw not committed";
  const CommandResult traced =
      run_command("strace -f -e trace=execve -o /dev/fd/3 " + shell_quote(SHELLCARVE_BINARY) +
                  " ls " + shell_quote(image.string()) + " 3>&1 >/dev/null 2>/dev/null | grep -c 'execve('");
  ASSERT_FALSE(traced.out.empty());
  const int execs = std::stoi(traced.out);
  if (execs == 0) GTEST_SKIP() << "strace cannot trace here";
  EXPECT_LE(execs, 2);  // the command itself, then at most one re-execution
}

}  // namespace
}  // namespace shellcarve::test
