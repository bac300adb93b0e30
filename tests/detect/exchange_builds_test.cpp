// The embedded table of Exchange builds: it loads, lookups by build and by CU, and every
// row's "fixes" agrees with the rule the CSV's header documents.
#include <gtest/gtest.h>

#include <map>

#include "detect/exchange_builds.h"

namespace shellcarve::detect {
namespace {

const ExchangeBuildTable& table() {
  const auto& loaded = exchange_builds();
  EXPECT_TRUE(loaded) << loaded.error().message;
  return *loaded;
}

TEST(ExchangeBuilds, EmbeddedTableLoadsAndCoversTheRange) {
  const auto& t = table();
  EXPECT_GT(t.builds().size(), 150u);
  for (const char* build : {"15.0.1497.2", "15.0.1497.48", "15.1.1415.2", "15.1.2507.35", "15.2.221.12",
                            "15.2.1258.28"})
    EXPECT_NE(t.find(parse_version(build)->number), nullptr) << build;
}

TEST(ExchangeBuilds, LookupByBuildAndByCu) {
  const auto& t = table();
  const ExchangeBuild* su = t.find({15, 1, 2176, 9});
  ASSERT_NE(su, nullptr);
  EXPECT_EQ(su->name, "Exchange Server 2016 CU19 Mar21SU");
  EXPECT_EQ(su->kind, BuildKind::kSu);
  EXPECT_EQ(su->kb, "KB5000871");
  EXPECT_EQ(su->released, "2021-03-02");
  EXPECT_EQ(su->fixes, std::vector<std::string>{"proxylogon"});
  const ExchangeBuild* cu = t.find_cu(15, 1, 2176);
  ASSERT_NE(cu, nullptr);
  EXPECT_EQ(cu->name, "Exchange Server 2016 CU19");
  EXPECT_TRUE(cu->fixes.empty());
  EXPECT_EQ(t.find({99, 0, 0, 0}), nullptr);
  EXPECT_EQ(t.find_cu(15, 1, 9999), nullptr);
  // Families: a CU after the SU includes the fix; an earlier SU of the same CU does not.
  EXPECT_TRUE(t.find({15, 1, 2242, 4})->fixes_family("proxylogon"));    // 2016 CU20, 2021-03-16
  EXPECT_FALSE(t.find({15, 1, 2242, 4})->fixes_family("proxyshell"));
  EXPECT_TRUE(t.find({15, 1, 2242, 10})->fixes_family("proxyshell"));   // CU20 May21SU
  EXPECT_FALSE(t.find({15, 1, 2176, 4})->fixes_family("proxylogon"));   // CU19 Feb21SU
  EXPECT_TRUE(t.find({15, 2, 1118, 20})->fixes_family("proxynotshell")); // 2019 CU12 Nov22SU
  EXPECT_FALSE(t.find({15, 2, 1118, 15})->fixes_family("proxynotshell"));
}

// The rule in rules/exchange-builds.csv, recomputed from the rows themselves: a build fixes
// a family when its CU was released after the family's SU, or its CU got that SU and the
// build is that SU or later.
TEST(ExchangeBuilds, FixesFollowTheDocumentedRule) {
  struct Family {
    const char* name;
    const char* su;
    const char* released;
  };
  const Family families[] = {{"proxylogon", "Mar21SU", "2021-03-02"},
                             {"proxyshell", "May21SU", "2021-05-11"},
                             {"proxynotshell", "Nov22SU", "2022-11-08"}};
  const auto& t = table();
  using Cu = std::array<uint32_t, 3>;
  auto cu_of = [](const ExchangeBuild& b) { return Cu{b.number[0], b.number[1], b.number[2]}; };
  std::map<Cu, const ExchangeBuild*> cus;
  for (const auto& b : t.builds())
    if (b.kind != BuildKind::kSu) cus[cu_of(b)] = &b;
  for (const auto& b : t.builds()) {
    ASSERT_TRUE(cus.count(cu_of(b))) << b.name << ": SU of a CU the table lacks";
    const ExchangeBuild& cu = *cus[cu_of(b)];
    for (const Family& f : families) {
      bool fixed = cu.released > f.released;
      for (const auto& other : t.builds())
        if (other.kind == BuildKind::kSu && cu_of(other) == cu_of(b) && other.name.ends_with(std::string(" ") + f.su) &&
            other.number <= b.number)
          fixed = true;
      EXPECT_EQ(b.fixes_family(f.name), fixed) << b.name << " " << f.name;
    }
  }
}

TEST(ExchangeBuilds, ParseErrorsNameTheLine) {
  const char* header = "# comment\nbuild,product,name,kind,kb,released,fixes\n";
  auto bad = ExchangeBuildTable::parse(std::string(header) + "15.1.1.1,P,N,XU,,,\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 3"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(ExchangeBuildTable::parse(std::string(header) + "15.1.1,P,N,CU,,,\n"));
  EXPECT_FALSE(ExchangeBuildTable::parse(std::string(header) + "15.1.1.1,P,N,CU,,,wannacry\n"));
  EXPECT_FALSE(ExchangeBuildTable::parse(std::string(header) + "15.1.1.1,P,N,CU,,2021-3-2,\n"));
  EXPECT_FALSE(ExchangeBuildTable::parse(std::string(header) + "15.1.1.1,P,N,CU,,\n"));
  EXPECT_FALSE(ExchangeBuildTable::parse(std::string(header) + "15.1.1.1,P,N,CU,,,\n15.1.1.1,P,M,SU,,,\n"));
  EXPECT_FALSE(ExchangeBuildTable::parse("15.1.1.1,P,N,CU,,,\n"));
  EXPECT_TRUE(ExchangeBuildTable::parse(std::string(header) + "15.1.1.1,P,N,CU,KB1,2021-03-02,proxylogon\r\n"));
}

TEST(ExchangeBuilds, VersionsParse) {
  EXPECT_EQ(parse_version("15.01.2176.002")->number, (BuildNumber{15, 1, 2176, 2}));
  EXPECT_EQ(parse_version("15.1.2176")->parts, 3u);
  EXPECT_FALSE(parse_version("15.1"));
  EXPECT_FALSE(parse_version("15.1.2.3.4"));
  EXPECT_FALSE(parse_version("15.1.70000.1"));
  EXPECT_FALSE(parse_version("15.1.-2.1"));
  EXPECT_FALSE(parse_version("15..1.2"));
}

}  // namespace
}  // namespace shellcarve::detect
