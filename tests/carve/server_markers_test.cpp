// The pre-filter: every marker found in any case and at any position relative to the 16-byte
// vector steps (so the vector and tail paths both answer), near-misses not found, and the
// `to` bound honoured.
#include "carve/server_markers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.h"

namespace shellcarve::test {
namespace {

carve::MarkerHit find(const std::string& text, size_t from = 0, size_t to = std::string::npos) {
  const auto bytes = bytes_of(text);
  return carve::find_server_marker(bytes, from, to);
}

TEST(ServerMarkers, FindsEachMarkerInAnyCaseAtEveryAlignment) {
  struct Case {
    std::string text;
    std::string marker;
    size_t at;  // of the marker in text
  };
  const std::vector<Case> cases{
      {"<%@ Page Language=\"Jscript\"%>", "<%", 0},
      {"<SCRIPT language=\"c#\" runat=\"server\">", "<script", 0},
      {"<asp:Label RunAt = 'Server' />", "runat=server", 11},
      {"x=EVAL(y)", "eval(", 2},
      {"Request.Item[\"z\"]", "request", 0},
      {"$_REQUEST['c']", "request", 2},
  };
  for (const auto& [text, marker, at] : cases) {
    for (size_t pad = 0; pad < 70; ++pad) {
      const std::string padded = std::string(pad, '\0') + text + std::string(pad % 5, 'x');
      const carve::MarkerHit hit = find(padded);
      ASSERT_TRUE(hit.found()) << text << " pad " << pad;
      EXPECT_EQ(hit.marker, marker) << text;
      EXPECT_EQ(hit.offset, pad + at) << text << " pad " << pad;
    }
  }
}

TEST(ServerMarkers, NearMissesAreNotMarkers) {
  const std::vector<std::string> texts{"< %", "<scrip", "evaluate", "eval (", "runat=client", "runat",
                                       "requesr", "r", "<", "", std::string(100, '\0'),
                                       std::string(100, 'e'), "every rule here is evident"};
  for (const std::string& text : texts) {
    EXPECT_FALSE(find(text).found()) << text;
  }
  // 0x1C folds to '<' under the case bit but is not '<'.
  EXPECT_FALSE(find(std::string(40, 'a') + "\x1c%").found());
}

TEST(ServerMarkers, HonoursTheRangeAndLetsAMarkerEndPastIt) {
  const std::string text = std::string(50, '.') + "<%x%>" + std::string(50, '.') + "Request";
  EXPECT_EQ(find(text).offset, 50u);
  EXPECT_EQ(find(text, 51).offset, 105u);
  EXPECT_FALSE(find(text, 0, 50).found());
  EXPECT_EQ(find(text, 0, 51).offset, 50u);
  EXPECT_EQ(find(text, 100, 106).offset, 105u) << "starts before `to`, ends after it";
  EXPECT_FALSE(find(text, 106).found());
}

}  // namespace
}  // namespace shellcarve::test
