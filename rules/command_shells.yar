/*
  Command shells: server code starts a process (cmd.exe, powershell) or a shell object with
  a command the visitor typed, and writes its output back into the response.

  References:
    CISA AA21-062A (2021-03-03): post-exploitation through webshells running cmd/powershell
    Microsoft Security Blog, "Web shell attacks continue to rise" (2021-02-11)
    NSA/ASD, "Detect and Prevent Web Shell Malware" (2020-04-22)
*/

rule SC_ASPX_Process_Shell
{
  meta:
    description = "ASP.NET server code starts cmd.exe/powershell or a process with redirected output and user-supplied arguments"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.cisa.gov/news-events/cybersecurity-advisories/aa21-062a"
    technique = "T1505.003/T1059.003: process started with request input, output redirected to the page"
  strings:
    $proc1 = "ProcessStartInfo" nocase
    $proc2 = /Process\s*\.\s*Start\s*\(/ nocase
    $proc3 = /\.StartInfo\s*\.\s*FileName/ nocase
    $proc4 = /new\s+Process\s*\(\s*\)/ nocase
    $shell1 = "cmd.exe" nocase
    $shell2 = "powershell" nocase
    $shell3 = /["']\/c\s/ nocase
    $shell4 = /["']cmd["']/ nocase
    $out1 = "RedirectStandardOutput" nocase
    $out2 = /StandardOutput\s*\.\s*ReadToEnd/ nocase
    $out3 = /StandardInput\s*\.\s*WriteLine/ nocase
    $in1 = /\bRequest\s*(\.\s*(Item|Form|QueryString|Params)\s*)?[\[\(]/ nocase
    $in2 = /\.Text\b/ nocase
    $in3 = /\[WebMethod\]/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 1MB and ($server1 or $server2) and any of ($proc*) and
    (any of ($shell*) or any of ($out*)) and any of ($in*)
}

rule SC_ASP_WScript_Shell_Exec
{
  meta:
    description = "Classic ASP or JScript server code runs commands through WScript.Shell / Shell.Application"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2020/02/04/ghost-in-the-shell-investigating-web-shell-attacks/"
    technique = "T1505.003/T1059.003: WScript.Shell / Shell.Application Exec, Run or ShellExecute"
  strings:
    $obj1 = /WScript\.Shell["']/ nocase
    $obj2 = /Shell\.Application["']/ nocase
    $obj3 = /["']Wscript\.Shell/ nocase
    $obj4 = "{72C24DD5-D70A-438B-8A42-98424B88AFB8}" nocase
    $obj5 = "{13709620-C279-11CE-A49E-444553540000}" nocase
    $run1 = /\.(Exec|Run)\s*\(?\s*[a-z"'(]/ nocase
    $run2 = /\.ShellExecute\s*\(?/ nocase
    $run3 = /\bcmd(\.exe)?\s*\/c\b/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
    $server3 = "msxsl:script" nocase
  condition:
    filesize < 2MB and any of ($server*) and any of ($obj*) and any of ($run*)
}

rule SC_ASP_ScriptControl_Eval
{
  meta:
    description = "ASP page hands Request/Response to an MSScriptControl instance and evaluates a statement in it"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2020/02/04/ghost-in-the-shell-investigating-web-shell-attacks/"
    technique = "T1505.003/T1059.005: MSScriptControl given Request/Response, then evaluating"
  strings:
    $add = /\.AddObject\s*\(?\s*["']/ nocase
    $exec1 = /\.ExecuteStatement\s*\(?/ nocase
    $exec2 = /\.Eval\s*\(/ nocase
    $exec3 = /\.AddCode\s*\(?/ nocase
    $server = "<%"
  condition:
    filesize < 64KB and $server and $add and any of ($exec*)
}

rule SC_SQL_Shell_Xp_Cmdshell
{
  meta:
    description = "Page drives SQL Server's command execution (xp_cmdshell, sp_oacreate, OLE automation) from server code"
    severity = "high"
    date = "2024-05-01"
    reference = "https://learn.microsoft.com/en-us/sql/relational-databases/system-stored-procedures/xp-cmdshell-transact-sql"
    technique = "T1505.003/T1059.003: OS commands through SQL Server xp_cmdshell or OLE automation"
  strings:
    $x1 = "xp_cmdshell" nocase
    $x2 = "sp_oacreate" nocase
    $x3 = "sp_addextendedproc" nocase
    $x4 = "xp_regwrite" nocase
    $x5 = "xp_dirtree" nocase
    $db1 = "ADODB.Connection" nocase
    $db2 = "SqlConnection" nocase
    $db3 = "OleDbConnection" nocase
    $db4 = /\.Execute\s*\(?/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and any of ($x*) and any of ($db*)
}

rule SC_SQL_Shell_User_Connection
{
  meta:
    description = "ASP.NET page opens a connection string the visitor typed and runs the SQL the visitor typed (SQL client webshell)"
    severity = "medium"
    date = "2024-05-01"
    reference = "https://www.cisa.gov/news-events/cybersecurity-advisories/aa21-062a"
    technique = "T1505.003/T1213: SQL client page, connection string and SQL typed by the visitor"
  strings:
    $conn1 = /ConnectionString\s*=\s*[^;\r\n]{0,80}(Request\s*[\[\.(]|\b[a-z_]\w{0,30}\.Text\b)/ nocase
    $conn2 = /new\s+(Sql|OleDb|Odbc)Connection\s*\(\s*(Request\s*[\[\.(]|[a-z_]\w{0,30}\.Text\b)/ nocase
    $cmd1 = /new\s+(Sql|OleDb|Odbc)Command\s*\(\s*(Request\s*[\[\.(]|[a-z_]\w{0,30}\.Text\b)/ nocase
    $cmd2 = /CommandText\s*=\s*(Request\s*[\[\.(]|[a-z_]\w{0,30}\.Text\b)/ nocase
    $cmd3 = /new\s+(Sql|OleDb|Odbc)DataAdapter\s*\(\s*(Request\s*[\[\.(]|[a-z_]\w{0,30}\.Text\b)/ nocase
    $cmd4 = /["']sp_(stored_procedures|executesql|configure)["']/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and any of ($conn*) and any of ($cmd*)
}

rule SC_ASPX_Raw_Socket_Sniffer
{
  meta:
    description = "ASP.NET page opens a raw IP socket (promiscuous capture of the server's traffic)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://learn.microsoft.com/en-us/windows/win32/winsock/sio-rcvall"
    technique = "T1040: raw socket with SIO_RCVALL, traffic capture from a page"
  strings:
    $raw = /SocketType\s*\.\s*Raw/ nocase
    $ip = /ProtocolType\s*\.\s*(IP|Tcp|Udp)\b/ nocase
    $ioctl = /IOControl\s*\(/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and $raw and ($ip or $ioctl)
}

rule SC_ASPX_Registry_Walker
{
  meta:
    description = "ASP.NET page walks every registry hive (paths of other sites and services, writable folders for a second shell)"
    severity = "medium"
    date = "2024-05-01"
    reference = "https://media.defense.gov/2020/Jun/09/2002313081/-1/-1/0/CSI-DETECT-AND-PREVENT-WEB-SHELL-MALWARE-20200422.PDF"
    technique = "T1012: registry browser over every hive"
  strings:
    $h1 = "Registry.ClassesRoot" nocase
    $h2 = "Registry.CurrentConfig" nocase
    $h3 = "Registry.CurrentUser" nocase
    $h4 = "Registry.LocalMachine" nocase
    $h5 = "Registry.Users" nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and 4 of ($h*)
}
