// Cutting an object around a marker: NUL on both sides (the common case: a page at a
// cluster start followed by the zeros NTFS writes), the start of a region, the previous
// object, page ends and the size cap when no NUL ends it.
#include "carve/object_bounds.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.h"

namespace shellcarve::test {
namespace {

carve::ObjectBounds cut(const std::string& text, size_t floor = 0, bool starts = false, bool ends = false,
                        carve::CutLimits limits = {}) {
  const auto bytes = bytes_of(text);
  return carve::cut_object({bytes, starts, ends}, text.find('<'), floor, limits);
}

TEST(ObjectBounds, BetweenNuls) {
  const std::string page = "junk" + std::string(3, '\0') + "xx<%eval(Request)%>" + std::string(5, '\0') + "tail";
  const auto bounds = cut(page);
  EXPECT_EQ(bounds.begin, 7u);
  EXPECT_EQ(bounds.end, 7u + 19u);
  EXPECT_EQ(bounds.start_reason, "after NUL");
  EXPECT_EQ(bounds.end_reason, "NUL");
}

TEST(ObjectBounds, RegionStartAndEnd) {
  const auto bounds = cut("ab<%x%>cd", 0, true, true);
  EXPECT_EQ(bounds.begin, 0u);
  EXPECT_EQ(bounds.end, 9u);
  EXPECT_EQ(bounds.start_reason, "start of region");
  EXPECT_EQ(bounds.end_reason, "end of region");
}

TEST(ObjectBounds, NoNulFallsBackToClusterStartPageEndAndCap) {
  carve::CutLimits limits;
  limits.unit = 8;
  limits.max_size = 40;
  // Marker at 12: its 8-byte "cluster" starts at 8. The last "</HTML>" within the cap ends it.
  const std::string text = std::string(12, 'a') + "<html><%x%></HTML>" + std::string(40, 'b');
  auto bounds = cut(text, 0, false, false, limits);
  EXPECT_EQ(bounds.begin, 8u);
  EXPECT_EQ(bounds.start_reason, "cluster start (no NUL before the marker)");
  EXPECT_EQ(bounds.end, 30u);
  EXPECT_EQ(bounds.end_reason, "</html>");
  bounds = cut(std::string(12, 'a') + "<zz" + std::string(60, 'b'), 0, false, false, limits);
  EXPECT_EQ(bounds.end, 48u);
  EXPECT_EQ(bounds.end_reason, "size cap");
  // A previous object's end bounds the start.
  bounds = cut(std::string(12, 'a') + "<%x%>", 10, false, true, limits);
  EXPECT_EQ(bounds.begin, 10u);
  EXPECT_EQ(bounds.start_reason, "after previous object");
  EXPECT_EQ(bounds.end_reason, "end of region");
}

}  // namespace
}  // namespace shellcarve::test
