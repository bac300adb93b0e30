// The heuristics outside YARA on hand-written pages and Exchange-like folder listings.
#include "detect/heuristics.h"

#include <gtest/gtest.h>

namespace shellcarve::detect {
namespace {

std::span<const std::byte> bytes_of(const std::string& text) {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

TEST(ServerCode, KeepsCodeBlocksAndServerScriptsOnly) {
  const std::string page =
      "<%@ Page Language=\"C#\" %><%-- a comment with eval(Request) --%><html><% int a = 1; %>"
      "<%# Eval(\"Name\") %><script>var x = 1;</script><script runat=\"server\">void F(){}</script>"
      "<%= a %></html>";
  EXPECT_EQ(server_code("/p.aspx", bytes_of(page)), " int a = 1; \nvoid F(){}\n= a ");
  const std::string handler = "<%@ WebHandler Language=\"C#\" Class=\"H\" %>\nclass H {}";
  EXPECT_EQ(server_code("/h.ashx", bytes_of(handler)), "\nclass H {}");
  EXPECT_EQ(server_code("/plain.htm", bytes_of("<html><body>hi</body></html>")), "");
}

TEST(AspnetClient, ServerPageThereIsFlagged) {
  const std::string page = "<%@ Page Language=\"C#\" %><% Response.Write(1); %>";
  const auto hit = server_page_in_aspnet_client("/inetpub/wwwroot/aspnet_client/system_web/4_0_30319/x.aspx",
                                                bytes_of(page));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->name, "aspnet_client_server_page");
  EXPECT_NE(hit->evidence.find("Response.Write(1);"), std::string::npos);
  // Backslashes and upper case too.
  EXPECT_TRUE(server_page_in_aspnet_client("C:\\inetpub\\wwwroot\\ASPNET_CLIENT\\a.ASPX", bytes_of(page)));
}

TEST(AspnetClient, ClientScriptAndOtherFoldersAreNot) {
  const std::string js = "function ValidatorOnLoad() { return true; }";
  EXPECT_FALSE(server_page_in_aspnet_client("/inetpub/wwwroot/aspnet_client/system_web/4_0_30319/WebUIValidation.js",
                                            bytes_of(js)));
  const std::string page = "<%@ Page Language=\"C#\" %><% Response.Write(1); %>";
  EXPECT_FALSE(server_page_in_aspnet_client("/inetpub/wwwroot/x.aspx", bytes_of(page)));
  EXPECT_FALSE(server_page_in_aspnet_client("/inetpub/wwwroot/my_aspnet_client_old/x.aspx", bytes_of(page)));
  EXPECT_FALSE(server_page_in_aspnet_client("/inetpub/wwwroot/aspnet_client/static.aspx", bytes_of("<html></html>")));
}

TEST(TinyPage, OneLinersAreFlaggedWhateverTheirSpelling) {
  for (const std::string& page : {
           std::string("<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"k\"],\"unsafe\");%>"),
           std::string("<%execute request(\"k\")%>"),
           std::string("<% x = Request.Form(\"k\") : ExecuteGlobal x %>"),
           std::string("<%@ Page Language=\"C#\" %><% System.Reflection.Assembly.Load(Request.BinaryRead(Request.ContentLength)); %>"),
       }) {
    const auto hit = tiny_page_evaluating_request("/x.aspx", bytes_of(page));
    ASSERT_TRUE(hit) << page;
    EXPECT_EQ(hit->name, "tiny_request_eval");
  }
}

TEST(TinyPage, OrdinaryPagesAreNot) {
  // Request without eval, eval only in data binding or client script, a member Execute.
  for (const std::string& page : {
           std::string("<% Response.Redirect(Request.QueryString(\"u\")) %>"),
           std::string("<%@ Page %><%# Eval(\"Title\") %><% var q = Request[\"q\"]; %>"),
           std::string("<script>eval(x)</script><% Response.Write(Request[\"q\"]) %>"),
           std::string("<% Set rs = conn.Execute(\"SELECT 1 WHERE id=\" & CInt(Request(\"id\"))) %>"),
       }) {
    EXPECT_FALSE(tiny_page_evaluating_request("/x.aspx", bytes_of(page))) << page;
  }
  // Large pages are not tiny, however they use eval.
  std::string big = "<% eval(Request(\"k\"))\n";
  for (int i = 0; i < 200; ++i) big += "x = x + 1\n";
  big += "%>";
  EXPECT_FALSE(tiny_page_evaluating_request("/x.asp", bytes_of(big)));
}

TEST(SiblingNames, LookalikesRandomNamesAndForeignExtensionsStandOut) {
  const std::vector<std::string> auth = {"errorFE.aspx", "ExpiredPassword.aspx", "frowny.aspx", "logoff.aspx",
                                         "logon.aspx", "OutlookCN.aspx", "RedirSuiteServiceProxy.aspx",
                                         "signout.aspx", "TimeoutLogout.aspx", "getidtoken.htm", "15.2.986"};
  auto lookalike = name_unlike_siblings(auth, "errorEE.aspx");
  ASSERT_TRUE(lookalike);
  EXPECT_NE(lookalike->evidence.find("lookalike of errorFE.aspx"), std::string::npos) << lookalike->evidence;
  EXPECT_TRUE(name_unlike_siblings(auth, "RedirSuiteServerProxy.aspx"));
  EXPECT_TRUE(name_unlike_siblings(auth, "OutlookEN.aspx"));
  auto random = name_unlike_siblings(auth, "8Lw7tAhF9i1pJnRo.aspx");
  ASSERT_TRUE(random);
  EXPECT_NE(random->evidence.find("random-looking"), std::string::npos);
  auto handler = name_unlike_siblings(auth, "help.ashx");
  ASSERT_TRUE(handler);
  EXPECT_NE(handler->evidence.find("no other .ashx"), std::string::npos) << handler->evidence;
}

TEST(SiblingNames, TheFolderOwnNamesDoNot) {
  const std::vector<std::string> auth = {"errorFE.aspx", "ExpiredPassword.aspx", "frowny.aspx", "logoff.aspx",
                                         "logon.aspx", "OutlookCN.aspx", "RedirSuiteServiceProxy.aspx",
                                         "signout.aspx", "TimeoutLogout.aspx"};
  for (const auto& name : auth) EXPECT_FALSE(name_unlike_siblings(auth, name)) << name;
}

}  // namespace
}  // namespace shellcarve::detect
