/*
  Database managers: pages that let the visitor connect to any database server with
  credentials they type, then browse, change or dump it. A site's own data pages read their
  connection string from configuration (web.config, Application, an include file); even an
  injectable page only lets the visitor change the SQL, never the connection. So the rules
  want the connection itself to come from the visitor, and something done with it.

  References:
    MITRE ATT&CK T1505.003 Web Shell; T1213 Data from Information Repositories
    NSA/ASD, "Detect and Prevent Web Shell Malware" (2020-04-22)
*/

rule SC_ASP_ADO_Visitor_Connection
{
  meta:
    description = "Classic ASP opens an ADODB.Connection with a connection string taken from the request (directly or kept in Session), then runs visitor SQL or walks the schema"
    severity = "high"
    date = "2026-11-27"
    reference = "https://attack.mitre.org/techniques/T1213/"
    technique = "T1505.003/T1213: ADO database manager, connection string chosen by the visitor"
  strings:
    $ado = "ADODB.Connection" nocase
    $open_req = /\.Open\s*\(?\s*Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $cs_req = /\.ConnectionString\s*=\s*Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $open_session = /\.Open\s*\(?\s*Session\s*\(/ nocase
    $cs_session = /\.ConnectionString\s*=\s*Session\s*\(/ nocase
    // a connection-string variable filled from the request or session, then opened; a
    // session value counts only when its key names a connection and the request filled it
    // (a login page keeps the user name in Session from the request too)
    $var_req = /\b\w{0,20}(conn|dsn|dbstr)\w{0,20}\s*=\s*((Trim|CStr)\s*\(\s*)?Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $var_session = /\b\w{0,20}(conn|dsn|dbstr)\w{0,20}\s*=\s*Session\s*\(/ nocase
    $open_var = /\.Open\s*\(?\s*\w{0,20}(conn|dsn|dbstr)\w{0,20}\s*[\r\n:,)]/ nocase
    $session_from_req = /\bSession\s*\(\s*["'][^"'\r\n]{0,20}(conn|dsn|dbstr|db)[^"'\r\n]{0,20}["']\s*\)\s*=\s*((Trim|CStr)\s*\(\s*)?Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    // what it then does: SQL text or object names from the visitor, or a schema walk
    $exec_req = /\.Execute\s*\(?\s*Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $sql_req = /["'](select|insert|update|delete|create|alter|drop)\s[^"'\r\n]{0,60}["']\s*&\s*Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $sql_var_req = /\b\w{0,20}sql\w{0,20}\s*=\s*((Trim|CStr)\s*\(\s*)?Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $schema = /\.OpenSchema\s*\(/ nocase
    $server = "<%"
  condition:
    filesize < 2MB and $server and $ado and
    ($open_req or $cs_req or ($var_req and $open_var) or
     (($open_session or $cs_session or ($var_session and $open_var)) and $session_from_req)) and
    ($exec_req or $sql_req or $sql_var_req or $schema)
}

rule SC_SQL_Visitor_Credentials_Table_Dump
{
  meta:
    description = "Page builds a database connection string from values for both the server and the password, and reads a table whose name is a variable (the database dumper)"
    severity = "medium"
    date = "2026-11-27"
    reference = "https://attack.mitre.org/techniques/T1213/"
    technique = "T1505.003/T1213: SQL dump page, server, credentials and table all supplied at run time"
  strings:
    // "server=" + x / "Data Source=" & x, and ";pwd=" + y / "Password=" & y
    $cs_server = /["';]\s*(server|data source|address|addr)\s*=\s*["']\s*[+&]\s*[a-z_]/ nocase
    $cs_pwd = /(pwd|password)\s*=\s*["']\s*[+&]\s*[a-z_]/ nocase
    // the whole table name is a run-time value ("... from " + t;), not a prefix ("from " + p + "Users")
    $table = /["']\s*select\s[^"'\r\n]{0,60}\sfrom\s*\[?\s*["']\s*[+&]\s*[a-z_][\w.]{0,40}(\s*\(\s*["'][^"'\r\n]{1,30}["']\s*\))?\s*(;|,|\)|\r|\n|[+&]\s*["']\s*[\]\s])/ nocase
    $in1 = /\bRequest\s*(\.\s*(Item|Form|QueryString|Params)\s*)?[\[\(]/ nocase
    $in2 = /\b[a-z_]\w{0,30}\.Text\b/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and $cs_server and $cs_pwd and $table and any of ($in*)
}
