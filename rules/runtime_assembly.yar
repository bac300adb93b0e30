/*
  Code assembled at run time and then evaluated, written for how the pieces are put
  together rather than for any one shell: single letters concatenated, Chr()/ChrW()
  arithmetic, Replace() stripping junk out of a literal, Mid() indexing into an alphabet,
  StrReverse of a literal, eval nested in eval; and one-liners kept without <% %> (an
  include, or text run through ExecuteGlobal). These rules also read the de-obfuscation
  pass's folded text, where such an expression has become the literal it produces
  (Execute("eval request(""k"")")), which SC_ChinaChopper_Eval_Request then sees too.

  References:
    Mandiant, "Breaking Down the China Chopper Web Shell - Part II" (2013): obfuscated callers
    Microsoft Security Blog, "Ghost in the shell" (2020-02-04): encoded one-liners
    MITRE ATT&CK T1027 (Obfuscated Files or Information), T1059.005/T1059.007
*/

rule SC_VBScript_Eval_Assembled_Pieces
{
  meta:
    description = "Classic ASP evaluates code built at run time from one-letter pieces, Chr() arithmetic, a Replace()d or reversed literal, or Mid() picks out of an alphabet"
    severity = "high"
    date = "2026-12-04"
    reference = "https://attack.mitre.org/techniques/T1027/"
    technique = "T1027/T1059.005: Execute/Eval of code assembled at run time"
  strings:
    // a VBScript statement sink (not conn.Execute): Execute x / Eval(x) / ExecuteGlobal x
    $sink = /(^|[^.\w])(execute|executeglobal|eval)\b\s*\(?\s*[a-z_"(]/ nocase
    // "e"&"v"&"a"&"l": four or more one/two-letter literals joined
    // (written without and with spaces around &, so each regex has a fixed atom)
    $letters1 = /"[a-z ().]{1,2}"&"[a-z ().]{1,2}"&"[a-z ().]{1,2}"&"[a-z ().]{1,2}"/ nocase
    $letters2 = /"[a-z ().]{1,2}" & "[a-z ().]{1,2}" & "[a-z ().]{1,2}" & "[a-z ().]{1,2}"/ nocase
    // Chr(100+1) & ChrW(&H70-2): arithmetic inside the character code
    $chr_math = /chr[bw]?\s*\(\s*(\d{1,5}|&h[0-9a-f]{1,4})\s*[-+*\/\\]\s*(\d{1,5}|&h[0-9a-f]{1,4})\s*\)\s*&/ nocase
    // Execute(Replace("evXXal reXXquest", "XX", "")) and StrReverse/UnEscape of a literal
    $sink_literal = /(^|[^.\w])(execute|executeglobal|eval)\b\s*\(?\s*(Replace|StrReverse|UnEscape|LCase|UCase|Trim)\s*\(\s*"/ nocase
    // Mid("abcdefghijklmnopqrstuvwxyz...", n, 1): letters picked by position
    $mid_alphabet = /Mid\s*\(\s*([a-z_]\w{0,30}|"[^"\r\n]{20,}")\s*,\s*\d{1,3}\s*,\s*1\s*\)\s*&/ nocase
    // eval(eval(...)), Execute(Eval(...))
    $nested = /(^|[^.\w])(execute|executeglobal|eval)\s*\(?\s*(eval|execute)\s*\(/ nocase
    $server = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 512KB and ($server or $server2) and $sink and
    (#letters1 + #letters2 >= 2 or #chr_math >= 6 or $sink_literal or #mid_alphabet >= 6 or $nested)
}

rule SC_JScript_Eval_Assembled
{
  meta:
    description = "JScript server code evaluates text built at run time: nested eval, or eval of a reversed, split-and-joined or replace()d literal"
    severity = "high"
    date = "2026-12-04"
    reference = "https://attack.mitre.org/techniques/T1059/007/"
    technique = "T1027/T1059.007: JScript eval of code assembled at run time"
  strings:
    $jscript = /language\s*=\s*["']?(jscript|javascript|c#)/ nocase
    $nested = /\beval\s*\(\s*eval\s*\(/ nocase
    $reverse = /\beval\s*\(\s*["'][^"'\r\n]{4,}["']\s*\.\s*split\s*\(\s*["']{2}\s*\)\s*\.\s*reverse\s*\(\s*\)\s*\.\s*join/ nocase
    $replace = /\beval\s*\(\s*["'][^"'\r\n]{8,}["']\s*\.\s*replace\s*\(/ nocase
    $server = /runat\s*=\s*["']?server|<%/ nocase
  condition:
    filesize < 512KB and $server and $jscript and any of ($nested, $reverse, $replace)
}

rule SC_Tagless_Eval_Request
{
  meta:
    description = "Small file with no <% %> whose code evaluates request input (a one-liner meant to be included or run through ExecuteGlobal)"
    severity = "high"
    date = "2026-12-04"
    reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-i"
    technique = "T1505.003: tag-less eval/Execute of a request value (included one-liner)"
  strings:
    // VBScript/JScript forms with a quoted parameter name: eval request("k"),
    // Execute(Request.Form("k")), eval(Request.Item["k"], "unsafe")
    $direct = /(^|[^.\w])(eval|execute|executeglobal)\b[\s(]{1,4}Request\s*(\.\s*(Item|Form|QueryString|Params)\s*)?[\(\[]\s*["'][^"'\r\n]{1,40}["']/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 4KB and $direct and not ($server1 or $server2)
}
