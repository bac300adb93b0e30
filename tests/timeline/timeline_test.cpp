// The web-root timeline on test-images/ntfs-basic.raw (times chosen by its recipe, see
// test-images/README.md): real events with their provenance, the timestomp case, deleted
// files in scope, applicationHost.config discovery, the three formats (mactime reads the
// bodyfile) and byte-identical reruns.
#include <gtest/gtest.h>

#include "ntfs/committed_images.h"
#include "support/test_support.h"
#include "timeline/application_host_config.h"
#include "timeline/webroots.h"
#include "common/csv_cell.h"
#include "timeline/writers.h"

namespace shellcarve::test {
namespace {

class Timeline : public ::testing::Test {
 protected:
  void SetUp() override {
    image_ = committed_image("ntfs-basic.raw");
    ASSERT_FALSE(image_.empty());
  }
  CommandResult timeline(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"timeline", image_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_shellcarve(args);
  }
  std::filesystem::path image_;
};

TEST_F(Timeline, ChosenTimesAppearWithProvenance) {
  const auto result = timeline({});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out.substr(0, result.out.find('\r')),
            "datetime,timestamp_desc,macb,path,stream,mft_entry,mft_sequence,deleted,source,"
            "filetime,size,image_offset,partition,store,store_time,webroot,message");
  EXPECT_NE(result.out.find("2021-02-26T09:12:34.1111111Z,$SI Creation,...B,/inetpub/wwwroot/iisstart.htm,,66,1,false,SI,"),
            std::string::npos);
  // The deleted webshell keeps its last path and its $FN times.
  EXPECT_NE(result.out.find("$FN Creation,...B,/inetpub/wwwroot/aspnet_client/deleted_shell.aspx,,100,2,true,FN"),
            std::string::npos);
  // The ADS holding a shell is its own stream.
  EXPECT_NE(result.out.find("/inetpub/wwwroot/aspnet_client/readme.txt,shell.aspx,97,"), std::string::npos);
}

TEST_F(Timeline, TimestompIndicatorsCarryEvidence) {
  const auto result = timeline({});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("2019-06-15T12:34:56.7891234Z,Timestomp indicator: si_creation_before_fn_creation"),
            std::string::npos);
  EXPECT_NE(result.out.find("is earlier than $FN creation 2021-03-03T03:25:10.5050505Z"), std::string::npos);
  EXPECT_EQ(result.out.find("iisstart.htm,,66,1,false,TIMESTOMP"), std::string::npos);
}

TEST_F(Timeline, JsonLinesAndBodyfileThatMactimeReads) {
  const auto jsonl = timeline({"--format", "jsonl"});
  ASSERT_EQ(jsonl.status, 0);
  EXPECT_EQ(jsonl.out.rfind("{\"message\":", 0), 0u);
  EXPECT_NE(jsonl.out.find("\"timestamp_desc\":\"$SI Creation\""), std::string::npos);
  TempDir dir;
  const auto body = timeline({"--format", "bodyfile", "-o", (dir / "timeline.body").string(), "--no-hash"});
  ASSERT_EQ(body.status, 0) << body.err;
  ASSERT_TRUE(have_tool("mactime")) << "mactime absent";
  const auto mactime = run_command("mactime -b " + shell_quote((dir / "timeline.body").string()) + " -d -z UTC");
  EXPECT_EQ(mactime.status, 0) << mactime.err;
  EXPECT_NE(mactime.out.find("stomped.aspx"), std::string::npos);
}

TEST_F(Timeline, OutputsAreByteIdenticalAndListedInTheManifest) {
  TempDir a, b;
  ASSERT_EQ(timeline({"-o", (a / "t.csv").string()}).status, 0);
  ASSERT_EQ(timeline({"-o", (b / "t.csv").string()}).status, 0);
  EXPECT_EQ(read_text(a / "t.csv"), read_text(b / "t.csv"));
  const std::string manifest = read_text(a / "manifest.json");
  const auto sha = run_command("sha256sum " + shell_quote((a / "t.csv").string()) + " | cut -c1-64").out.substr(0, 64);
  EXPECT_NE(manifest.find(sha), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"md5\": \"6e7ff59ffa5d06f5e6926f994ed5b07e\""), std::string::npos) << manifest;
}

TEST(WebRoots, ApplicationHostConfigSitesAndVirtualDirectories) {
  const std::string config = R"(<configuration><system.applicationHost><sites>
    <site name="Default Web Site" id="1"><application path="/">
      <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" /></application>
      <application path="/owa"><virtualDirectory path="/" physicalPath="C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa" /></application>
    </site>
    <site name="Backdoor" id="9"><application path="/"><virtualDirectory path="/" physicalPath="C:\Windows\Temp\x\" /></application></site>
  </sites></system.applicationHost></configuration>)";
  const auto roots = parse_application_host_config(config).roots;
  ASSERT_EQ(roots.size(), 3u);
  EXPECT_EQ(roots[0].path, "/inetpub/wwwroot");
  EXPECT_EQ(roots[1].path, "/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa");
  EXPECT_EQ(roots[2].path, "/Windows/Temp/x");
  EXPECT_EQ(roots[2].origin, "applicationHost.config:Backdoor");
  WebRootSelection selection;
  selection.roots = roots;
  EXPECT_EQ(selection.root_of("/WINDOWS/temp/X/cmd.aspx"), "/Windows/Temp/x");
  EXPECT_FALSE(selection.root_of("/Windows/Temp/xy.aspx"));
}

TEST(TimelineWriters, CsvDefusesFormulasAndEscapesControls) {
  EXPECT_EQ(csv_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("line\nbreak"), "line\\x0abreak");
  EXPECT_EQ(csv_cell("-1"), "'-1");
  EXPECT_EQ(csv_cell("+1"), "'+1");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  // A leading tab is escaped, so the cell starts with '\', not a formula.
  EXPECT_EQ(csv_cell("\t=1"), "\\x09=1");
  // Right-to-left override: escaped (common/display_text.h).
  EXPECT_EQ(csv_cell("n\u202Egpj.aspx"), "n\\u202egpj.aspx");
}

}  // namespace
}  // namespace shellcarve::test
