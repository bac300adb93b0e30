// The classic-ASP-era techniques of rules/upload_droppers.yar, rules/database_managers.yar and
// the Execute rules of rules/obfuscated_eval.yar, on hand-written pages (placeholders, no
// working payload), each beside the benign page it is easiest to confuse with: a legitimate
// hand-parsed upload, an upload to a fixed folder with a type check, a guest book that
// appends to its data file, a site page that opens its configured database, an install page
// that builds a connection string with a table prefix, a template page using Execute.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/rule_examples.h"

namespace shellcarve::detect {
namespace {

using test::BenignExample;
using test::TechniqueExample;
using Example = test::RuleExample;

const Example kShells[] = {
    {"multipart_upload_typed_folder", "/up.asp",
     "<%\r\nIf Request.QueryString(\"go\") = \"1\" Then\r\n"
     "  raw = Request.BinaryRead(Request.TotalBytes)\r\n"
     "  crlf = ChrB(13) & ChrB(10)\r\n"
     "  sep = LeftB(raw, InStrB(raw, crlf) - 1)\r\n"
     "  p = InStrB(1, raw, ToBytes(\"filename=\"))\r\n"
     "  body = MidB(raw, InStrB(p, raw, crlf & crlf) + 4)\r\n"
     "  target = FieldValue(raw, \"where\") & \"\\out.bin\"\r\n"
     "  Set s = Server.CreateObject(\"ADODB.Stream\")\r\n"
     "  s.Type = 1 : s.Open : s.Write body\r\n  s.SaveToFile target, 2\r\nEnd If\r\n%>\r\n"
     "<form method=post enctype=multipart/form-data action=?go=1>"
     "<input type=file name=f><input type=text name=where value=\"D:\\inetpub\\\"><input type=submit></form>",
     "SC_ASP_Multipart_Upload_To_Typed_Path"},
    {"aspx_upload_beside_page", "/tools/u.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load(object s, EventArgs e) {\n"
     " if (Request.Files.Count == 0) return;\n HttpPostedFile f = Request.Files[0];\n"
     " string dir = System.IO.Path.GetDirectoryName(Request.PhysicalPath);\n"
     " f.SaveAs(System.IO.Path.Combine(dir, System.IO.Path.GetFileName(f.FileName))); }</script>",
     "SC_ASPX_Upload_Beside_Page"},
    {"page_appends_to_itself", "/board.asp",
     "<%\r\nme = Request.ServerVariables(\"PATH_INFO\")\r\nmsg = Request.Form(\"m\")\r\n"
     "If msg <> \"\" Then\r\n  Set fs = Server.CreateObject(\"Scripting.FileSystemObject\")\r\n"
     "  Set t = fs.OpenTextFile(Server.MapPath(me), 8, True)\r\n  t.WriteLine msg\r\n  t.Close\r\nEnd If\r\n%>"
     "<form method=post><input name=m></form>",
     "SC_ASP_Page_Appends_Request_To_Itself"},
    {"ado_manager_session_connection", "/db.asp",
     "<%\r\nIf Request.Form(\"cs\") <> \"\" Then Session(\"conn\") = Request.Form(\"cs\")\r\n"
     "Set cn = Server.CreateObject(\"ADODB.Connection\")\r\ncn.Open Session(\"conn\")\r\n"
     "Set tables = cn.OpenSchema(20)\r\nDo Until tables.EOF\r\n  Response.Write tables(\"TABLE_NAME\") & \"<br>\"\r\n"
     "  tables.MoveNext\r\nLoop\r\n%>",
     "SC_ASP_ADO_Visitor_Connection"},
    {"ado_manager_direct", "/q.asp",
     "<%\r\nSet c = CreateObject(\"ADODB.Connection\")\r\nc.Open Request(\"dsn\")\r\n"
     "Set r = c.Execute(Request.Form(\"q\"))\r\n%>",
     "SC_ASP_ADO_Visitor_Connection"},
    {"ado_manager_variable", "/m.asp",
     "<%\r\nconnstr = Trim(Request.Form(\"c\"))\r\nsql = Request.Form(\"s\")\r\n"
     "Set db = Server.CreateObject(\"ADODB.Connection\")\r\ndb.Open connstr\r\nSet r = db.Execute(sql)\r\n%>",
     "SC_ASP_ADO_Visitor_Connection"},
    {"sql_dump_visitor_credentials", "/export.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Go(object s, EventArgs e) {\n"
     " string host = tbHost.Text, login = tbLogin.Text, secret = tbSecret.Text, t = tbTable.Text;\n"
     " var c = new System.Data.SqlClient.SqlConnection(\"Data Source=\" + host + \";User ID=\" + login +"
     " \";Password=\" + secret);\n"
     " var a = new System.Data.SqlClient.SqlDataAdapter(\"SELECT * FROM \" + t, c);\n"
     " var d = new System.Data.DataSet(); a.Fill(d); }</script>",
     "SC_SQL_Visitor_Credentials_Table_Dump"},
    {"sql_dump_vbscript", "/dump.asp",
     "<%\r\nSet c = Server.CreateObject(\"ADODB.Connection\")\r\n"
     "c.Open \"Provider=SQLOLEDB;Server=\" & Request(\"h\") & \";UID=sa;PWD=\" & Request(\"p\")\r\n"
     "Set r = c.Execute(\"select * from [\" & Request(\"t\") & \"]\")\r\n%>",
     "SC_SQL_Visitor_Credentials_Table_Dump"},
    {"execute_request_names", "/g.asp",
     "<%\r\nFor Each k In Request.Form\r\n  Execute k & \" = Request.Form(\"\"\" & k & \"\"\")\"\r\nNext\r\n%>",
     "SC_VBScript_Execute_Request_Names"},
    {"execute_substitution_decoded", "/p.asp",
     "<%\r\nt = Array(\"q\",\"w\",\"e\",\"r\",\"t\",\"y\",\"u\",\"i\",\"o\",\"p\",\"a\",\"s\",\"d\",\"f\",\"g\",\"h\","
     "\"j\",\"k\",\"l\",\"z\",\"x\",\"c\",\"v\",\"b\",\"n\",\"m\",\"Q\",\"W\",\"E\",\"R\",\"T\",\"Y\",\"U\",\"I\",\"O\","
     "\"P\",\"A\",\"S\",\"D\",\"F\",\"G\",\"H\")\r\nk = \"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP\"\r\n"
     "Function Un(s)\r\n  For n = 1 To Len(s)\r\n    ch = Mid(s, n, 1)\r\n    at = InStr(k, ch)\r\n"
     "    If at > 0 Then ch = t(at - 1)\r\n    Un = Un & ch\r\n  Next\r\nEnd Function\r\n"
     "code = Un(\"placeholder\")\r\nExecute code\r\n%>",
     "SC_VBScript_Execute_Substitution_Decoded"},
};

INSTANTIATE_TEST_SUITE_P(ClassicAsp, TechniqueExample, ::testing::ValuesIn(kShells), test::example_name);

const Example kBenign[] = {
    // The classic "pure ASP" upload: same BinaryRead/InStrB walk, fixed folder, no path box.
    {"pure_asp_upload_fixed_folder", "/members/photo.asp",
     "<%\r\nIf Request.TotalBytes > 0 Then\r\n  raw = Request.BinaryRead(Request.TotalBytes)\r\n"
     "  p = InStrB(1, raw, ToBytes(\"filename=\"))\r\n  body = MidB(raw, InStrB(p, raw, ChrB(13) & ChrB(10) & ChrB(13)) + 4)\r\n"
     "  ext = LCase(Mid(name, InStrRev(name, \".\")))\r\n"
     "  If ext = \".jpg\" Or ext = \".png\" Then\r\n    Set s = Server.CreateObject(\"ADODB.Stream\")\r\n"
     "    s.Type = 1 : s.Open : s.Write body\r\n"
     "    s.SaveToFile Server.MapPath(\"/photos/\" & Session(\"uid\") & ext), 2\r\n  End If\r\nEnd If\r\n%>\r\n"
     "<form method=post enctype=multipart/form-data><input type=file name=pic>"
     "<input type=text name=caption value=\"My photo\"><input type=submit></form>",
     nullptr},
    {"aspx_upload_checked_type", "/admin/logo.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Up(object s, EventArgs e) {\n"
     " var f = Request.Files[0];\n string ext = System.IO.Path.GetExtension(f.FileName).ToLowerInvariant();\n"
     " if (ext != \".png\") return;\n"
     " f.SaveAs(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Request.PhysicalPath), \"logo.png\")); }</script>",
     nullptr},
    {"guest_book_data_file", "/guestbook.asp",
     "<%\r\nself = Request.ServerVariables(\"SCRIPT_NAME\")\r\nbook = \"data/guestbook.txt\"\r\n"
     "If Request.Form(\"msg\") <> \"\" Then\r\n  Set fs = Server.CreateObject(\"Scripting.FileSystemObject\")\r\n"
     "  Set t = fs.OpenTextFile(Server.MapPath(book), 8, True)\r\n  t.WriteLine Server.HTMLEncode(Request.Form(\"msg\"))\r\n"
     "  t.Close\r\nEnd If\r\n%><form method=post action=\"<%=self%>\"><textarea name=msg></textarea></form>",
     nullptr},
    {"site_page_configured_database", "/products.asp",
     "<%\r\nSet conn = Server.CreateObject(\"ADODB.Connection\")\r\nconnStr = Application(\"ConnStr\")\r\n"
     "conn.Open connStr\r\nsql = \"SELECT name, price FROM products WHERE cat = \" & CLng(Request.QueryString(\"cat\"))\r\n"
     "Set rs = conn.Execute(sql)\r\nDo Until rs.EOF\r\n  Response.Write Server.HTMLEncode(rs(\"name\"))\r\n"
     "  rs.MoveNext\r\nLoop\r\n%>",
     nullptr},
    // A login page keeps the visitor's name in Session and opens the connection kept there.
    {"login_session_connection", "/login.asp",
     "<%\r\nconnStr = Session(\"ConnStr\")\r\nSession(\"user\") = Request.Form(\"user\")\r\n"
     "Set conn = Server.CreateObject(\"ADODB.Connection\")\r\nconn.Open connStr\r\n"
     "Set rs = conn.Execute(\"SELECT id FROM users WHERE name = '\" & Request.Form(\"user\") & \"'\")\r\n%>",
     nullptr},
    {"installer_connection_with_prefix", "/install/setup.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Test(object s, EventArgs e) {\n"
     " string cs = \"Server=\" + txtServer.Text + \";Database=\" + txtDb.Text + \";User Id=\" + txtUser.Text +"
     " \";Password=\" + txtPassword.Text;\n"
     " using (var c = new System.Data.SqlClient.SqlConnection(cs)) { c.Open();\n"
     "  new System.Data.SqlClient.SqlCommand(\"SELECT COUNT(*) FROM \" + prefix + \"Settings\", c).ExecuteScalar(); } }</script>",
     nullptr},
    {"template_engine_execute", "/inc/template.asp",
     "<%\r\nFunction Render(tpl)\r\n  For i = 1 To Len(tpl)\r\n    c = Mid(tpl, i, 1)\r\n"
     "    If InStr(\"{}\", c) > 0 Then depth = depth + 1\r\n  Next\r\n  code = Compile(tpl)\r\n  Execute code\r\n"
     "End Function\r\nFor Each key In Request.Form\r\n  Response.Write Server.HTMLEncode(key) & \"<br>\"\r\nNext\r\n%>",
     nullptr},
};

INSTANTIATE_TEST_SUITE_P(ClassicAsp, BenignExample, ::testing::ValuesIn(kBenign), test::example_name);

// Every rule of ours carries the meta an examiner reads in a finding: what it means, how bad,
// when written, the public write-up of the technique, and the technique itself.
TEST(OurRules, EveryRuleHasTechniqueMeta) {
  const std::regex rule_head(R"((^|\n)rule\s+(\w+))");
  size_t rules_seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SHELLCARVE_SOURCE_DIR "/rules")) {
    if (entry.path().extension() != ".yar") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    std::vector<std::pair<std::string, size_t>> heads;
    for (std::sregex_iterator it(all.begin(), all.end(), rule_head), end; it != end; ++it)
      heads.emplace_back((*it)[2].str(), static_cast<size_t>(it->position(2)));
    for (size_t i = 0; i < heads.size(); ++i) {
      const size_t stop = i + 1 < heads.size() ? heads[i + 1].second : all.size();
      const std::string body = all.substr(heads[i].second, stop - heads[i].second);
      for (const char* key : {"description", "severity", "date", "reference", "technique"})
        EXPECT_TRUE(std::regex_search(body, std::regex(std::string(R"(\n\s*)") + key + R"(\s*=\s*")")))
            << entry.path().filename().string() << ": " << heads[i].first << " has no " << key;
      ++rules_seen;
    }
  }
  EXPECT_GE(rules_seen, 40u);
}

}  // namespace
}  // namespace shellcarve::detect
