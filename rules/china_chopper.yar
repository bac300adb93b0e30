/*
  China Chopper and its one-liner relatives: a page whose server code hands a request
  value to the script engine's eval. The client ("caidao") posts the code to run.

  References:
    FireEye, "Breaking Down the China Chopper Web Shell - Part I/II" (2013-08-07)
    Microsoft Security Blog, "HAFNIUM targeting Exchange Servers with 0-day exploits" (2021-03-02)
    CISA AA21-062A, "Mitigate Microsoft Exchange Server Vulnerabilities" (2021-03-03)
    Volexity, "Operation Exchange Marauder" (2021-03-02)
*/

rule SC_ChinaChopper_JScript_Eval_Unsafe
{
  meta:
    description = "JScript.NET page evaluates code with eval(..., \"unsafe\") (China Chopper ASPX one-liner)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-i"
    technique = "T1505.003: JScript.NET eval of request input with the unsafe flag (China Chopper)"
  strings:
    // eval(Request.Item["x"],"unsafe") and any first argument; "unsafe" may be split or escaped
    $eval_unsafe = /\beval\s*\([^;]{1,300},\s*["']unsafe["']\s*\)/ nocase
    $eval_unsafe_hex = /\beval\s*\([^;]{1,300},\s*["'](\\x[0-9a-f]{2}|\\u00[0-9a-f]{2}|[a-z]){1,6}["']\s*\+/ nocase
    // "unsafe" assembled from pieces: "un"+"safe", "u"+"n"+"s"..., q + "ns" + "afe"
    $unsafe_piece = /["'](un|uns|unsa|unsaf|ns|nsa|nsaf|nsafe|saf|safe|afe)["']\s*[+;]/ nocase
    $eval = /\beval\s*\(/ nocase
    $req = /\bRequest\s*(\.\s*(Item|Form|QueryString|Params)\s*)?\[/ nocase
    $jscript = /language\s*=\s*["']?jscript/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    ($server1 or $server2) and
    (
      $eval_unsafe or
      ($jscript and $eval and ($eval_unsafe_hex or $unsafe_piece)) or
      ($jscript and $eval and $req and filesize < 8KB)
    )
}

rule SC_ChinaChopper_Eval_Request
{
  meta:
    description = "Server code passes request input straight to eval/Execute/ExecuteGlobal (China Chopper ASP/ASPX one-liner)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2021/03/02/hafnium-targeting-exchange-servers/"
    technique = "T1505.003: eval/Execute applied straight to a request value (one-liner)"
  strings:
    // eval request("x"), Execute(Request.Form("x")), eval(Request.Item["x"]), ExecuteGlobal Request("x")
    $direct = /\b(eval|execute|executeglobal)\b[\s(]{1,4}Request\s*(\.\s*(Item|Form|QueryString|Params)\s*)?[\(\[]/ nocase
    // JScript.NET: eval(Request.Item["x"]) written through the page's Context/HttpContext
    $ctx = /\beval\s*\(\s*(this\.)?(Context|HttpContext\.Current)\.Request/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    ($server1 or $server2) and ($direct or $ctx)
}

rule SC_ChinaChopper_Eval_Request_Indirect
{
  meta:
    description = "Tiny page stores request input in a variable (or session) and evaluates it (one-liner with a hop)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-i"
    technique = "T1505.003: request value passed through a variable or session, then evaluated"
  strings:
    $assign = /\b[a-z_][a-z0-9_]{0,30}\s*(\(\s*["'][^"']{1,30}["']\s*\)\s*)?=\s*Request\s*(\.\s*(Item|Form|QueryString)\s*)?[\(\[]/ nocase
    // VBScript's Execute/Eval statement, not a member call (conn.Execute(sql) runs SQL) nor a
    // word in a comment or text ("' construct the delete statement and execute it", as
    // Dreamweaver's generated pages say): it starts a statement or is a value in an expression
    $sink = /(^|[\r\n:(=,&%{;)]|\bthen|\belse|\breturn)[ \t]*(eval|execute|executeglobal)\b[\s(]{1,4}[a-z_][a-z0-9_]{0,30}\s*[\()\r\n:%;,]/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 4KB and ($server1 or $server2) and $assign and $sink
}

rule SC_JScript_Evaluate_Request
{
  meta:
    description = "C#/VB page runs request input through the JScript engine (Microsoft.JScript.Eval.JScriptEvaluate)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-ii"
    technique = "T1505.003: Microsoft.JScript Eval.JScriptEvaluate from C#/VB"
  strings:
    $eval = "JScriptEvaluate" nocase
    $engine = "VsaEngine" nocase
    $req = /\bRequest\s*[\.\[\(]/ nocase
  condition:
    $eval and ($engine or $req)
}

rule SC_Xslt_Script_Eval
{
  meta:
    description = "Page compiles an XSLT with an msxsl:script block and trusted settings, a wrapper that runs script from the page"
    severity = "high"
    date = "2024-05-01"
    reference = "https://learn.microsoft.com/en-us/dotnet/standard/data/xml/script-blocks-using-msxsl-script"
    technique = "T1505.003/T1220: XSLT msxsl:script with trusted settings running code"
  strings:
    $script = "msxsl:script" nocase
    $trusted = "TrustedXslt" nocase
    $sink1 = /\beval\s*\(/ nocase
    $sink2 = "WScript.Shell" nocase
    $sink3 = "Process" nocase
    $req = /\bRequest\s*[\.\[\(]/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    ($server1 or $server2) and $script and ($trusted or $req) and any of ($sink*)
}
