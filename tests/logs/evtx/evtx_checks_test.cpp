// The Test-ProxyLogon checks on the ProxyLogon events our writer made
// (test-images/evtx/proxylogon.evtx.gz, the same events as the proxylogon.raw image).
#include <gtest/gtest.h>

#include "common/filetime.h"
#include "logs/evtx/evtx_checks.h"
#include "logs/evtx/evtx_test_files.h"
#include "support/test_support.h"

namespace shellcarve::logs::evtx {
namespace {

TEST(EvtxChecks, ProxyLogonEventsGiveOneHitPerCheck) {
  const auto path = shellcarve::test::test_image("evtx/proxylogon.evtx.gz");
  ASSERT_TRUE(path);
  const auto bytes = test::read_file_bytes(*path);
  LogProvenance file;
  file.path = "Windows/System32/winevt/Logs/MSExchange Management.evtx";
  file.mft_entry = 77;
  const EvtxFileCheck result = check_evtx_records(bytes, file);
  EXPECT_EQ(result.coverage.records, 6u);
  ASSERT_EQ(result.hits.size(), 3u);

  const EvtxCheckHit& um = result.hits[0];
  EXPECT_EQ(um.check, "CVE-2021-26857");
  EXPECT_EQ(filetime_to_iso8601(um.time), "2021-03-02T02:50:58.6250000Z");
  EXPECT_EQ(um.provider, "MSExchange Unified Messaging");
  EXPECT_EQ(um.event_id, 4u);
  EXPECT_NE(um.parameters.find("System.InvalidCastException"), std::string::npos);

  const EvtxCheckHit& oab = result.hits[1];
  EXPECT_EQ(oab.check, "CVE-2021-27065");
  EXPECT_EQ(filetime_to_iso8601(oab.time), "2021-03-02T02:51:31.1180000Z");
  EXPECT_EQ(oab.cmdlet, "Set-OabVirtualDirectory");
  EXPECT_NE(oab.parameters.find("<script language=\"JScript\" runat=\"server\">"), std::string::npos);
  EXPECT_EQ(oab.user, "NT AUTHORITY\\SYSTEM");
  EXPECT_EQ(oab.record_id, 102u);
  EXPECT_EQ(oab.provenance.record_id, 102u);
  EXPECT_EQ(oab.provenance.file_offset, oab.file_offset);
  EXPECT_EQ(oab.provenance.mft_entry, 77u);
  EXPECT_EQ(oab.provenance.line_number, 0u);
  // The rendered record is escaped: the payload cannot pass for markup.
  EXPECT_EQ(oab.rendered.find("<script"), std::string::npos);
  EXPECT_NE(oab.rendered.find("&lt;script language=&quot;JScript&quot;"), std::string::npos);

  const EvtxCheckHit& export_request = result.hits[2];
  EXPECT_EQ(export_request.check, "MailboxExportRequest");
  EXPECT_EQ(export_request.cmdlet, "New-MailboxExportRequest");
  EXPECT_NE(export_request.parameters.find("aspnet_client\\system_web\\export.pst"), std::string::npos);
}

TEST(EvtxChecks, UrlParametersWithCode) {
  EXPECT_TRUE(url_parameter_carries_code(
      "-Identity 'OAB (Default Web Site)' -ExternalUrl 'http://f/<script language=\"JScript\" runat=\"server\">x</script>'"));
  EXPECT_TRUE(url_parameter_carries_code("-InternalUrl \"http://a/<%eval(1)%>\" -Identity x"));
  EXPECT_FALSE(url_parameter_carries_code("-Identity 'owa (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/owa'"));
  // Script outside a *Url parameter is not this check's business.
  EXPECT_FALSE(url_parameter_carries_code("-Identity '<script>' -ExternalUrl 'https://mail.contoso.com/owa'"));
  EXPECT_FALSE(url_parameter_carries_code(""));
}

TEST(EvtxChecks, CorpusCmdletIsNotAHit) {
  const auto corpus = shellcarve::test::corpus_dir();
  if (!corpus || !std::filesystem::exists(*corpus / "evtx")) GTEST_SKIP() << "no corpus";
  const auto bytes = test::read_file_bytes(*corpus / "evtx" / "MSExchange_Management_wec.evtx");
  EXPECT_TRUE(check_evtx_records(bytes, LogProvenance{}).hits.empty());  // Set-Mailbox
}

}  // namespace
}  // namespace shellcarve::logs::evtx

namespace shellcarve::logs::evtx {
namespace {

// The event logs inside test-images/proxylogon.raw (scripts/make-proxylogon-image.sh), cut
// out with The Sleuth Kit: the story's three hits, at the story's times.
TEST(EvtxChecks, ProxyLogonImageEventLogs) {
  if (!shellcarve::test::have_tool("icat") || !shellcarve::test::have_tool("ifind"))
    GTEST_SKIP() << "The Sleuth Kit not installed";
  const auto image = shellcarve::test::test_image("proxylogon.raw.gz");
  ASSERT_TRUE(image);
  shellcarve::test::TempDir dir;
  std::vector<std::string> checks;
  for (const std::string log : {"Application", "MSExchange Management"}) {
    const std::string path = "Windows/System32/winevt/Logs/" + log + ".evtx";
    const auto entry = shellcarve::test::run_command(
        "ifind -n " + shellcarve::test::shell_quote(path) + " " + shellcarve::test::shell_quote(image->string()));
    ASSERT_EQ(entry.status, 0) << path;
    const auto out = dir / (log + ".evtx");
    ASSERT_EQ(shellcarve::test::run_command("icat " + shellcarve::test::shell_quote(image->string()) + " " +
                                            entry.out.substr(0, entry.out.find('\n')) + " > " +
                                            shellcarve::test::shell_quote(out.string()))
                  .status,
              0);
    LogProvenance file;
    file.path = path;
    const auto result = check_evtx_records(test::read_file_bytes(out), file);
    EXPECT_EQ(result.coverage.records, 3u) << path;
    EXPECT_TRUE(result.coverage.warnings.empty()) << path;
    for (const EvtxCheckHit& hit : result.hits) checks.push_back(hit.check + " " + filetime_to_iso8601(hit.time));
  }
  EXPECT_EQ(checks, (std::vector<std::string>{"CVE-2021-26857 2021-03-02T02:50:58.6250000Z",
                                              "CVE-2021-27065 2021-03-02T02:51:31.1180000Z",
                                              "MailboxExportRequest 2021-03-02T08:19:52.5000000Z"}));
}

}  // namespace
}  // namespace shellcarve::logs::evtx
