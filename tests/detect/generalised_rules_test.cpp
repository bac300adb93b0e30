// Issue 13 ("Detection that generalises"): the rules tightened against real classic ASP
// (benign/classic_asp_hz) and the rules written for the technique families that were
// missed. Each benign page below is the nearest legitimate code to a rule, written here the
// way the Chinese CMS packages of that set write it (a conn.Execute of request-built SQL, a
// page shipped through the Script Encoder, a "save remote pictures" editor, an upload class);
// each technique example is minimal and hand-written (placeholder names and payloads).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/rule_examples.h"

namespace shellcarve::detect {
namespace {

using test::BenignExample;
using test::TechniqueExample;
using Example = test::RuleExample;

const Example kShells[] = {
    {"vb_execute_chr_spelt_request", "/x.asp",
     "<% Execute(chr(101)&chr(118)&chr(97)&chr(108)&chr(32)&chr(114)&chr(101)&chr(113)&chr(117)&chr(101)&chr(115)"
     "&chr(116)&chr(40)&chr(34)&chr(107)&chr(34)&chr(41)) %>",
     "SC_VBScript_Execute_Decoded"},
    {"vb_execute_shift_decoder_variable", "/x.asp",
     "<%\r\ns = \"hydo#uhtxhvw+%n%,\"\r\nExecute(Un(s))\r\nFunction Un(t)\r\nFor i = 1 To Len(t)\r\n"
     "Un = Un & Chr(Asc(Mid(t, i, 1)) - 3)\r\nNext\r\nEnd Function\r\n%>",
     "SC_VBScript_Execute_Decoded"},
};

const Example kBenign[] = {
    {"cms_conn_execute_request_sql", "/list.asp",
     "<%\r\nid = Request.QueryString(\"id\")\r\nsql = \"select * from news where id=\" & CLng(id)\r\n"
     "Set rs = conn.Execute(sql)\r\nconn.execute (sql)\r\n%>",
     nullptr},
    {"cms_script_encoded_page", "/admin/login.asp",
     "<%@ LANGUAGE = VBScript.Encode %>\r\n<html><body><%#@~^DwAAAA==@#@&]+d2Kx/+ @#@&PAcAAA==^#~@%>"
     "<form method=post><input type=password name=pwd></form></body></html>",
     nullptr},
    {"cms_chr_spelt_licence_check", "/inc/check.asp",
     "<%\r\nif session(\"admin\")=\"\" or (eval(chr(115)&chr(101)&chr(115)&chr(115)&chr(105)&chr(111)&chr(110)&chr(40)"
     "&chr(34)&chr(120)&chr(34)&chr(41)&chr(32)&chr(61)&chr(32)&chr(49))) then response.end\r\n%>",
     nullptr},
    {"cms_plugin_execute", "/inc/plugin.asp",
     "<%\r\ns = Split(PluginList, \"|\")\r\nFor i = 0 To UBound(s)\r\nExecute(s(i) & \"_Init()\")\r\n"
     "Execute(LoadTemplate(name))\r\nNext\r\n%>",
     nullptr},
    {"cms_split_progid_remote_pictures", "/admin/savepic.asp",
     "<%\r\nSet http = Server.CreateObject(\"Microsof\" & \"t.X\" & \"MLHTTP\")\r\nhttp.Open \"GET\", picUrl, False\r\n"
     "http.Send\r\nSet st = Server.CreateObject(\"ado\" & \"db.str\" & \"eam\")\r\nst.Type = 1\r\nst.Open\r\n"
     "st.Write http.ResponseBody\r\nst.SaveToFile Server.MapPath(\"/UploadFiles/\" & newName), 2\r\n%>",
     nullptr},
    {"cms_static_page_writer", "/admin/makehtml.asp",
     "<%\r\nID = Trim(Request(\"ID\"))\r\nAction = Trim(Request(\"Action\"))\r\n"
     "Set fso = Server.CreateObject(\"Scripting.FileSystemObject\")\r\n"
     "Set fw = fso.CreateTextFile(Server.MapPath(\"/html/0\" & ID & \".html\"), True)\r\n"
     "fw.Write body\r\nfw.Close\r\nResponse.Write \"done\"\r\n%>",
     nullptr},
    {"cms_upload_class", "/inc/upload.asp",
     "<%\r\naction = Request.QueryString(\"action\")\r\nformData = Request.BinaryRead(Request.TotalBytes)\r\n"
     "Set st = Server.CreateObject(\"ADODB.Stream\")\r\nst.Type = 1\r\nst.Open\r\nst.Write formData\r\n"
     "st.SaveToFile Server.MapPath(\"/UploadFiles/\" & Year(Now) & Month(Now) & \".jpg\"), 2\r\n%>",
     nullptr},
};

INSTANTIATE_TEST_SUITE_P(Generalised, BenignExample, ::testing::ValuesIn(kBenign), test::example_name);

INSTANTIATE_TEST_SUITE_P(Generalised, TechniqueExample, ::testing::ValuesIn(kShells), test::example_name);

// A packed admin shell: the whole tool in one Script Encoder blob of tens of KB. The bytes
// of the blob are filler (what counts is where its end marker is); a page whose blobs are
// each small (the CMS pages above) stays quiet, even when the page as a whole is large.
TEST(GeneralisedRules, PackedAdminShellWithOneLargeBlob) {
  ASSERT_TRUE(test::our_rules());
  const std::string head = "<%@ LANGUAGE = VBScript.Encode %>\r\n<html><%#@~^AAAAAA==";
  const std::string tail = "AAAAAA==^#~@%></html>";
  std::string packed = head + std::string(60000, 'x') + tail;
  auto names = test::rules_matching(packed, "/x.asp");
  EXPECT_NE(std::find(names.begin(), names.end(), "SC_ASP_Encoded_Or_Utf7_Script"), names.end())
      << test::joined(names);
  std::string many_small = "<%@ LANGUAGE = VBScript.Encode %>\r\n";
  for (int i = 0; i < 40; ++i) many_small += "<p><%#@~^AAAAAA==" + std::string(1500, 'x') + tail + "</p>\r\n";
  names = test::rules_matching(many_small, "/x.asp");
  EXPECT_TRUE(names.empty()) << test::joined(names);
}

}  // namespace
}  // namespace shellcarve::detect
