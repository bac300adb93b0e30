// parse_application_host_config on the XML a hand-written scanner got wrong: a commented-out
// site, entities and character references in a path, CDATA that looks like markup, an
// attribute whose name ends in "name" before the site's own, single quotes and odd
// spacing, a UTF-16 file, a deeply nested file, and a file damaged half-way.
#include "timeline/application_host_config.h"

#include <gtest/gtest.h>

namespace shellcarve {
namespace {

std::vector<std::string> paths(const ApplicationHostConfig& config) {
  std::vector<std::string> out;
  for (const auto& root : config.roots) out.push_back(root.path + " <- " + root.origin);
  return out;
}

using Paths = std::vector<std::string>;

TEST(ApplicationHostConfig, CommentedOutSitesAreNotRoots) {
  const auto config = parse_application_host_config(R"(<configuration><sites>
    <!-- <site name="Old"><virtualDirectory path="/" physicalPath="C:\old" /></site> -->
    <site name="Live"><virtualDirectory path="/" physicalPath="C:\live" /></site>
  </sites></configuration>)");
  EXPECT_EQ(paths(config), (Paths{"/live <- applicationHost.config:Live"}));
  EXPECT_TRUE(config.warnings.empty());
}

TEST(ApplicationHostConfig, EntitiesAndCharacterReferencesAreDecoded) {
  const auto config = parse_application_host_config(
      R"(<configuration><site name="R&amp;D"><virtualDirectory physicalPath="C:\a&amp;b\&#x77;eb&#92;x" /></site></configuration>)");
  EXPECT_EQ(paths(config), (Paths{"/a&b/web/x <- applicationHost.config:R&D"}));
}

TEST(ApplicationHostConfig, CdataIsTextNotMarkup) {
  const auto config = parse_application_host_config(R"(<configuration>
    <site name="Real"><description><![CDATA[<site name="Fake"> physicalPath="C:\fake"]]></description>
      <virtualDirectory physicalPath="D:\sites\real" /></site></configuration>)");
  EXPECT_EQ(paths(config), (Paths{"/sites/real <- applicationHost.config:Real"}));
}

TEST(ApplicationHostConfig, AttributeOrderQuotesAndCaseDoNotMatter) {
  const auto config = parse_application_host_config(R"(<configuration><sites>
    <site id='2' hostname='decoy' serverAutoStart="true"
          name = 'Shop'><application path="/"><virtualDirectory
          physicalPath = 'C:\shop\' path="/"/></application></site>
    <site name="Upper"><virtualDirectory PHYSICALPATH="%SYSTEMDRIVE%\upper" /></site>
  </sites></configuration>)");
  EXPECT_EQ(paths(config), (Paths{"/shop <- applicationHost.config:Shop",
                                  "/upper <- applicationHost.config:Upper"}));
}

TEST(ApplicationHostConfig, PathOutsideASiteAndDuplicates) {
  const auto config = parse_application_host_config(R"(<configuration><sites>
    <virtualDirectoryDefaults physicalPath="C:\defaults" />
    <site name="A"><virtualDirectory physicalPath="C:\Same" /></site>
    <site name="B"><virtualDirectory physicalPath="c:\same\" /><virtualDirectory physicalPath="\\server\share" /></site>
  </sites></configuration>)");
  EXPECT_EQ(paths(config), (Paths{"/defaults <- applicationHost.config:?", "/Same <- applicationHost.config:A"}));
}

TEST(ApplicationHostConfig, Utf16WithAByteOrderMarkIsRead) {
  const std::string utf8 = R"(<configuration><site name="W"><virtualDirectory physicalPath="C:\wide" /></site></configuration>)";
  std::string utf16 = "\xFF\xFE";
  for (const char c : utf8) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  EXPECT_EQ(paths(parse_application_host_config(utf16)), (Paths{"/wide <- applicationHost.config:W"}));
}

TEST(ApplicationHostConfig, DamagedFileKeepsTheRootsBeforeTheDamageAndSaysWhere) {
  const std::string text = R"(<configuration><site name="A"><virtualDirectory physicalPath="C:\a" /></site>
    <site name="B"><virtualDirectory physicalPath="C:\b" /></site> <<damaged
    <site name="C"><virtualDirectory physicalPath="C:\c" /></site></configuration>)";
  const auto config = parse_application_host_config(text);
  EXPECT_EQ(paths(config), (Paths{"/a <- applicationHost.config:A", "/b <- applicationHost.config:B"}));
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_NE(config.warnings[0].find("not well-formed XML at byte"), std::string::npos) << config.warnings[0];
}

TEST(ApplicationHostConfig, DeepNestingNeitherCrashesNorLosesTheSite) {
  std::string text = "<configuration><site name=\"Deep\">";
  for (int i = 0; i < 200000; ++i) text += "<a>";
  text += "<virtualDirectory physicalPath=\"C:\\deep\" />";
  for (int i = 0; i < 200000; ++i) text += "</a>";
  text += "</site></configuration>";
  EXPECT_EQ(paths(parse_application_host_config(text)), (Paths{"/deep <- applicationHost.config:Deep"}));
}

TEST(ApplicationHostConfig, EmptyAndNonXmlInputGiveNothing) {
  EXPECT_TRUE(parse_application_host_config("").roots.empty());
  EXPECT_TRUE(parse_application_host_config("physicalPath=\"C:\\x\"").roots.empty());
}

}  // namespace
}  // namespace shellcarve
