#include "report/html/html_text.h"

#include <gtest/gtest.h>

#include "report/html/birth_histogram.h"
#include "report/html/report_style.h"

namespace shellcarve::html {
namespace {

TEST(HtmlText, MarkupInNamesStaysText) {
  EXPECT_EQ(text("<script>alert(1)</script>.aspx"), "&lt;script&gt;alert(1)&lt;/script&gt;.aspx");
  EXPECT_EQ(attribute("\"><img src=x onerror=alert(1)>.aspx"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.aspx");
  EXPECT_EQ(text("a&b'c"), "a&amp;b&#39;c");
}

TEST(HtmlText, BidiControlsAndInvalidBytesAreShownAsEscapes) {
  EXPECT_EQ(text("evil\xE2\x80\xAEgpj.aspx"), "evil<span class=\"esc\">\\u202e</span>gpj.aspx");
  EXPECT_EQ(attribute("evil\xE2\x80\xAEgpj.aspx"), "evil\\u202egpj.aspx");
  EXPECT_EQ(text("a\xFF" "b\n"), "a<span class=\"esc\">\\xff</span>b<span class=\"esc\">\\x0a</span>");
  EXPECT_EQ(text("caf\xC3\xA9"), "caf\xC3\xA9");  // valid UTF-8 kept as is
}

TEST(HtmlText, CssStringsCannotCloseTheStringOrTheStyleElement) {
  const std::string css = css_string("C-1\"</style><script>");
  EXPECT_EQ(css.find('"'), std::string::npos);
  EXPECT_EQ(css.find('<'), std::string::npos);
  EXPECT_EQ(css, "C-1\\22 \\3c /style\\3e \\3c script\\3e ");
}

TEST(ReportStyle, PolicyAdmitsTheStylesheetByItsHashAndNoScript) {
  const std::string style = report_stylesheet("2026-17", "E1");
  const std::string policy = content_security_policy(style);
  EXPECT_TRUE(policy.starts_with("default-src 'none'; style-src 'sha256-"));
  EXPECT_EQ(policy.find("script-src"), std::string::npos);
  EXPECT_EQ(policy.find("unsafe"), std::string::npos);
  EXPECT_NE(style.find("counter(pages)"), std::string::npos);
  // Known answer: the SHA-256 of "abc" (FIPS 180-2), base64.
  EXPECT_NE(content_security_policy("abc").find("'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"),
            std::string::npos);
}

TEST(BirthHistogram, EveryBirthFallsInOneOfTheBins) {
  std::vector<uint64_t> births;
  for (uint64_t i = 0; i < 1000000; ++i) births.push_back(130000000000000000ull + i * 7919);
  const BirthHistogram histogram = bin_births(births);
  ASSERT_EQ(histogram.counts.size(), kBirthBins);
  uint64_t total = 0;
  for (const uint64_t count : histogram.counts) total += count;
  EXPECT_EQ(total, 1000000u);
  EXPECT_GT(histogram.counts.back(), 0u);
  EXPECT_TRUE(bin_births({}).counts.empty());
  EXPECT_EQ(bin_births({5}).counts.front(), 1u);
}

}  // namespace
}  // namespace shellcarve::html

namespace shellcarve::html {
namespace {

TEST(BirthHistogram, TheRangeHoldsThePatchAndTheFindings) {
  const BirthHistogram histogram = bin_births({1000, 2000}, {500, 0, 9000});
  EXPECT_EQ(histogram.first, 500u);
  EXPECT_GE(histogram.first + histogram.bin_width * histogram.counts.size(), 9000u);
  EXPECT_EQ(histogram.births, 2u);
}

}  // namespace
}  // namespace shellcarve::html
