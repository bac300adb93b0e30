/*
  Server code that writes new server code: a handler or page that creates an .aspx, .asp,
  .ashx, .config or an include file, with content from the request. One planted handler
  then plants the rest (the second stage, a copy in another folder, a web.config that lets
  a folder run scripts). Also SQL consoles that take the database connection itself from
  the visitor, so the page reaches any server the web server can.

  References:
    MITRE ATT&CK T1505.003 (Web Shell), T1105 (Ingress Tool Transfer), T1213 (Data from
      Information Repositories)
    Microsoft Security Blog, "Web shell attacks continue to rise" (2021-02-11)
*/

rule SC_Handler_Writes_Server_Page
{
  meta:
    description = "Server code writes a file named as a server page (.aspx .asp .ashx .asmx .config, an include) and the written text or the name comes from the request"
    severity = "high"
    date = "2026-12-04"
    reference = "https://attack.mitre.org/techniques/T1505/003/"
    technique = "T1505.003/T1105: server code writing new server pages from request input"
  strings:
    // File.WriteAllText(MapPath("x.aspx"), ...), new StreamWriter(... + ".aspx"). Classic
    // ASP's FSO writes are left out: CMS admin pages save their settings into config.asp
    // and plug-in includes that way (benign/classic_asp_hz); the FSO rules cover shells.
    $write_page = /(WriteAllText|WriteAllBytes|AppendAllText|StreamWriter|FileStream|File\s*\.\s*Create|CreateText|SaveAs)\s*\([^;\r\n]{0,160}\.(aspx|asp|ashx|asmx|asa|cer|cdx|config|cshtml|vbhtml|inc)["']/ nocase
    $req1 = /Request\s*(\.\s*(Form|QueryString|Params|Item|Headers))?\s*[\[\(]/ nocase
    $req2 = /Request\s*\.\s*(InputStream|BinaryRead|Files)/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
    $server3 = /IHttpHandler/ nocase
    // the page writes text that is itself server code: a directive or a script block
    $code1 = /["'][^"'\r\n]{0,40}<%@?\s*(Page|WebHandler|Language|@)/ nocase
    $code2 = /["'][^"'\r\n]{0,40}<script[^"'\r\n>]{0,40}runat/ nocase
  condition:
    filesize < 512KB and any of ($server*) and $write_page and (any of ($req*)) and
    ($server3 or any of ($code*) or filesize < 8KB)
}

rule SC_SQL_Console_Request_Connection
{
  meta:
    description = "Page opens a database connection whose connection string comes straight from the query string, a header, a cookie or a form field, and runs request SQL"
    severity = "high"
    date = "2026-12-04"
    reference = "https://attack.mitre.org/techniques/T1213/"
    technique = "T1505.003/T1213: SQL console with the visitor's connection string"
  strings:
    // new SqlConnection(Request["c"]), cn.ConnectionString = Request.Headers["X-C"],
    // conn.Open Request("c"), new OleDbConnection(context.Request.QueryString["c"])
    $conn1 = /new\s+(System\.Data\.\w+\.)?(Sql|OleDb|Odbc|MySql|Npgsql|Oracle)Connection\s*\(\s*([a-z_]\w{0,20}\s*\.\s*)?Request\s*(\.\s*(Form|QueryString|Params|Item|Headers|Cookies))?\s*[\[\(]/ nocase
    $conn2 = /\.\s*ConnectionString\s*=\s*([a-z_]\w{0,20}\s*\.\s*)?Request\s*(\.\s*(Form|QueryString|Params|Item|Headers|Cookies))?\s*[\[\(]/ nocase
    $conn3 = /\.\s*Open\s*\(?\s*Request\s*(\.\s*(Form|QueryString|Item|Cookies|ServerVariables))?\s*\(/ nocase
    // and what to run also from the request (or an ad-hoc command text)
    $sql1 = /(SqlCommand|OleDbCommand|OdbcCommand|MySqlCommand|NpgsqlCommand|OracleCommand)\s*\(\s*([a-z_]\w{0,20}\s*\.\s*)?Request/ nocase
    $sql2 = /\.\s*CommandText\s*=\s*([a-z_]\w{0,20}\s*\.\s*)?Request/ nocase
    $sql3 = /\.\s*Execute\s*\(?\s*Request\s*(\.\s*(Form|QueryString|Item))?\s*\(/ nocase
    $sql4 = /\.\s*(ExecuteReader|ExecuteNonQuery|ExecuteScalar|Fill|Execute)\s*\(/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
    $server3 = /IHttpHandler/ nocase
  condition:
    filesize < 1MB and any of ($server*) and any of ($conn*) and any of ($sql*)
}

rule SC_ASP_MSWC_Tools_ProcessForm
{
  meta:
    description = "Classic ASP calls MSWC.Tools ProcessForm (writes an output file from a template file) with names from the request: the visitor writes any file the site can, e.g. over the home page"
    severity = "high"
    date = "2026-12-05"
    reference = "https://attack.mitre.org/techniques/T1491/001/"
    technique = "T1505.003/T1491.001: MSWC.Tools ProcessForm writing a visitor-named file from a visitor-named template"
  strings:
    $tools = /CreateObject\s*\(\s*["']MSWC\.Tools["']\s*\)/ nocase
    // obj.ProcessForm out, template[, insertion point]: the output name a run-time value (a
    // variable or Request(...)), not a literal
    $process = /\.\s*ProcessForm\s*\(?\s*[a-z_][\w.]{0,40}\s*(\(\s*["'][^"'\r\n]{0,40}["']\s*\)\s*)?,/ nocase
    $req = /\bRequest\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $server = "<%"
  condition:
    filesize < 1MB and $server and $tools and $process and $req
}
