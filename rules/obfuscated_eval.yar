/*
  Obfuscated eval: the one-liner's code is hidden from signature scanners by decoding it at
  run time (Base64, hex, Chr()/fromCharCode arithmetic, StrReverse, unescape, XOR with a
  key) or by hiding the page's script itself (VBScript.Encode, UTF-7 code page). What stays
  visible is the engine's eval/Execute applied to a decoder's output.

  References:
    FireEye/Mandiant, "Breaking Down the China Chopper Web Shell - Part II" (2013-08-09)
    Microsoft Security Blog, "Ghost in the shell: Investigating web shell attacks" (2020-02-04)
    NSA/ASD, "Detect and Prevent Web Shell Malware" (2020-04-22)
*/

rule SC_VBScript_Execute_Decoded
{
  meta:
    description = "Classic ASP runs Execute/Eval/ExecuteGlobal on the output of a decoder (Chr arithmetic, Split, StrReverse, unescape, hex)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2020/02/04/ghost-in-the-shell-investigating-web-shell-attacks/"
    technique = "T1027/T1059.005: VBScript Execute of a decoder output"
  strings:
    // Execute(Fn("...")), Execute Fn("..."), ExecuteGlobal(StrReverse(x)); not obj.Execute(...)
    // The sink takes a decoder's output: a function applied to a string literal
    // (Execute(DeCode("..."))), or a decoding built-in applied to anything. Execute(s(i)) or
    // Execute(LoadTemplate(name)) in a CMS runs its own plug-in or template code.
    $sink_call = /(^|[^.\w])(execute|executeglobal|eval)\s*\(?\s*[a-z_]\w{0,30}\s*\(\s*["']/ nocase
    $sink_builtin = /(^|[^.\w])(execute|executeglobal|eval)\s*\(?\s*(StrReverse|unescape|Replace|Join|Mid|chr[bw]?)\s*\(\s*[a-z_"'(]/ nocase
    $sink_chr = /(^|[^.\w])(execute|executeglobal|eval)\s*\(?\s*chr[bw]?\s*\(\s*\d+\s*\)\s*&/ nocase
    // Execute(DeCode(s)) of a variable, and a character-shift decoder in the page:
    // Chr(Asc(c) - 3), Chr(Asc(c) Xor k)
    $sink_var = /(^|[^.\w])(execute|executeglobal|eval)\s*\(?\s*[a-z_]\w{0,30}\s*\(\s*[a-z_]\w{0,30}\s*\)/ nocase
    $shift = /\bchr[bw]?\s*\(\s*asc[bw]?\s*\(([^()]|\([^()]{0,30}\)){1,40}\)\s*([-+*\/^]|xor\b)/ nocase
    // Chr()-spelt "request" or "createobject" (r e q / c r e a): what a run-time string that
    // runs request input or creates objects needs; a CMS's own Chr-spelt checks have neither
    $chr_request = /chr[bw]?\s*\(\s*(114|&h72)\s*\)\s*&\s*chr[bw]?\s*\(\s*(101|&h65)\s*\)\s*&\s*chr[bw]?\s*\(\s*(113|&h71)\s*\)/ nocase
    $chr_create = /chr[bw]?\s*\(\s*(99|&h63)\s*\)\s*&\s*chr[bw]?\s*\(\s*(114|&h72)\s*\)\s*&\s*chr[bw]?\s*\(\s*(101|&h65)\s*\)\s*&\s*chr[bw]?\s*\(\s*(97|&h61)\s*\)/ nocase
    $dec1 = /\bchr[bw]?\s*\(\s*[^\r\n]{1,40}[-+*\/^]\s*\d{1,3}\s*\)/ nocase
    $dec8 = /\bchr[bw]?\s*\(\s*asc[bw]?\s*\(/ nocase
    $dec2 = /\bchr[bw]?\s*\(\s*["']&H["']\s*&/ nocase
    $dec3 = /\bStrReverse\s*\(/ nocase
    $dec4 = /\bunescape\s*\(/ nocase
    $dec5 = /\bSplit\s*\([^,]{1,40},\s*["'][^"']{1,3}["']\s*\)/ nocase
    $dec6 = /\bXor\b/ nocase
    $dec7 = /\bchr[bw]?\s*\(\s*\d{2,3}\s*\)\s*&\s*chr[bw]?\s*\(\s*\d{2,3}\s*\)\s*&\s*chr/ nocase
    $server = "<%"
    $js1 = "function(" nocase
    $js2 = "var " nocase
  condition:
    filesize < 256KB and $server and
    (
      ($sink_chr and ($chr_request or $chr_create)) or
      ($sink_var and $shift) or
      (($sink_call or $sink_builtin) and any of ($dec*) and not (#js1 > 3 and #js2 > 3))
    )
}

rule SC_VBScript_Execute_Request_Bytes
{
  meta:
    description = "Small ASP page decodes the raw request body (BinaryRead, XOR/Chr) and executes it (Behinder ASP)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2021/02/11/web-shell-attacks-continue-to-rise/"
    technique = "T1027/T1059.005: raw request body decoded and executed (Behinder ASP)"
  strings:
    $read1 = /Request\s*\.\s*BinaryRead/ nocase
    $read2 = /Request\s*\.\s*TotalBytes/ nocase
    // a statement or a value (not a definition, not a word in a comment)
    $sink = /(^|[\r\n:(=,&%{;)]|\bthen|\belse|\breturn)[ \t]*(execute|executeglobal|eval)\s*\(?\s*[a-z_]\w{0,30}\s*[)\r\n:%]/ nocase
    $server = "<%"
  condition:
    filesize < 16KB and $server and any of ($read*) and $sink
}

rule SC_ASP_Execute_Remote_Code
{
  meta:
    description = "Classic ASP downloads script over HTTP and runs it with Execute (code kept off the disk)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2020/02/04/ghost-in-the-shell-investigating-web-shell-attacks/"
    technique = "T1105/T1059.005: script fetched over HTTP and run with Execute"
  strings:
    $http = /XMLHTTP|WinHttpRequest/ nocase
    $body = /\.Response(Body|Text)\b/ nocase
    // a statement (not "Public Function Execute(strCommand)", not a word in a comment)
    $sink = /(^|[\r\n:(=,&%{;)]|\bthen|\belse|\breturn)[ \t]*(execute|executeglobal)\s*\(?\s*[a-z_]\w{0,30}\s*[)\r\n:%]/ nocase
    $server = "<%"
  condition:
    filesize < 256KB and $server and $http and $body and $sink
}

rule SC_JScript_Eval_Decoded
{
  meta:
    description = "JScript(.NET) server code evaluates decoded text (FromBase64String, fromCharCode, GetString, unescape)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-ii"
    technique = "T1027/T1059.007: JScript eval of Base64/fromCharCode/unescape output"
  strings:
    $eval_dec = /\beval\s*\([^;]{0,200}(FromBase64String|fromCharCode|GetString|unescape|decodeURIComponent)\s*\(/ nocase
    $jscript = /language\s*=\s*["']?jscript/ nocase
    $jsserver = /<script[^>]{0,100}runat\s*=\s*["']?server/ nocase
    $page = /<%@\s*Page/ nocase
  condition:
    filesize < 256KB and $eval_dec and ($jscript or $jsserver) and ($page or $jsserver or $jscript)
}

rule SC_JScript_Eval_Wrapper_Unsafe
{
  meta:
    description = "JScript server code hides eval's \"unsafe\" flag in pieces and wraps eval in a helper (China Chopper variant)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-ii"
    technique = "T1027/T1505.003: eval wrapped in a helper, unsafe flag built from pieces"
  strings:
    $jscript = /language\s*=\s*["']?jscript/ nocase
    $eval2 = /\beval\s*\(\s*[a-z_]\w{0,30}\s*,\s*[a-z_"']/ nocase
    $piece1 = /["'](un|uns|unsa|unsaf|ns|nsa|nsaf|nsafe|saf|safe|afe)["']\s*[+;]/ nocase
    $piece2 = /\+\s*["'](ns|nsa|nsaf|nsafe|saf|safe|afe)["']/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 64KB and ($server1 or $server2) and $jscript and $eval2 and ($piece1 or $piece2)
}

rule SC_ASP_Encoded_Or_Utf7_Script
{
  meta:
    description = "ASP page hides its server script: VBScript.Encode/JScript.Encode (#@~^ blob) or the UTF-7 code page trick"
    severity = "medium"
    date = "2024-05-01"
    reference = "https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/scripting-articles/xw4f9bh5(v=vs.84)"
    technique = "T1027: VBScript.Encode/JScript.Encode blob or UTF-7 code page"
  strings:
    $enc_lang = /language\s*=\s*["']?(VBScript|JScript)\.Encode/ nocase
    $enc_blob = /#@~\^[A-Za-z0-9+\/]{6}==/
    $enc_end = "^#~@"
    $utf7 = /<%@[^%]{0,60}codepage\s*=\s*["']?65000/ nocase
  condition:
    // Script Encoder output alone is no sign: Chinese CMS packages shipped their pages
    // encoded (benign/classic_asp_hz: 1 in 100 pages, blobs of 7 bytes to 34 KB). A packed
    // admin shell is one blob of tens of KB holding the whole tool (the file manager,
    // command runner and SQL console are all in it), so only a blob of 48 KB or more counts.
    (
      $enc_lang and $enc_blob and
      // some blob whose end marker is 48 KB or more after its start, none nearer
      for any i in (1..#enc_blob) : (
        for any j in (1..#enc_end) : (@enc_end[j] > @enc_blob[i] + 49152) and
        for all j in (1..#enc_end) : (@enc_end[j] < @enc_blob[i] or @enc_end[j] > @enc_blob[i] + 49152)
      )
    ) or $utf7
}

rule SC_JScript_Eval_Char_Pieces
{
  meta:
    description = "JScript server page assembles the code it evaluates from one-character string pieces (\"e\"+\"v\"+\"a\"+\"l\")"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-ii"
    technique = "T1027/T1059.007: JScript code assembled from one-letter pieces"
  strings:
    $jscript = /language\s*=\s*["']?jscript/ nocase
    $eval = /\beval\s*\(/ nocase
    $piece_dq = "\"+\""
    $piece_sq = "'+'"
  condition:
    filesize < 256KB and $jscript and $eval and (#piece_dq >= 12 or #piece_sq >= 12)
}

rule SC_JScript_Eval_Alias
{
  meta:
    description = "JScript server code keeps eval under another name (object member or variable) and runs request input through it"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.mandiant.com/resources/blog/breaking-down-the-china-chopper-web-shell-part-ii"
    technique = "T1027/T1059.007: eval kept under another name and fed request input"
  strings:
    $alias = /[:=]\s*eval\s*[,;}\)]/ nocase
    $req = /\bRequest\s*(\.\s*(Item|Form|QueryString|Params)\s*)?[\(\[]/ nocase
    $jscript = /language\s*=\s*["']?jscript/ nocase
    $server1 = "<%"
    $server2 = /<script[^>]{0,100}runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 64KB and ($server1 or $server2) and $req and $alias and ($jscript or filesize < 8KB)
}

rule SC_ASP_Split_ProgID
{
  meta:
    description = "Classic ASP builds a dangerous COM ProgID from string pieces to hide it (\"scr\"&\"ipting.File\"..., \"WScr\"&\"ipt.Shell\")"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2020/02/04/ghost-in-the-shell-investigating-web-shell-attacks/"
    technique = "T1027: COM ProgID built from string pieces to hide the object"
  strings:
    $split = /CreateObject\s*\(\s*"[a-z.]{1,12}"\s*&\s*("[a-z.]{1,12}"|chr\s*\(\s*\d+\s*\))\s*&/ nocase
    // what the hidden object is used for: running a program (WScript.Shell .Exec/.Run,
    // Shell.Application .ShellExecute) or cmd /c. Chinese CMS packages split their
    // XMLHTTP / ADODB.Stream / FSO ProgIDs too (to get past host anti-virus), so the split
    // alone is no sign (benign/classic_asp_hz: 19 of 2,871 pages).
    $run1 = /\.\s*(exec|shellexecute)\s*[\( ]/ nocase
    $run2 = /\.\s*run\s*[\( ]\s*[a-z_"(]/ nocase
    $run3 = /cmd(\.exe)?\s*\/c/ nocase
    $server = "<%"
  condition:
    filesize < 2MB and $server and $split and any of ($run*)
}

rule SC_VBScript_Execute_Request_Names
{
  meta:
    description = "Classic ASP walks every request parameter and runs Execute on code built from the parameter's name (name = Request(name)): any posted name becomes a VBScript statement"
    severity = "high"
    date = "2026-11-27"
    reference = "https://attack.mitre.org/techniques/T1059/005/"
    technique = "T1505.003/T1059.005: VBScript Execute of code assembled from request parameter names"
  strings:
    $walk = /For\s+Each\s+[a-z_]\w{0,30}\s+In\s+Request\s*(\.\s*(QueryString|Form|Cookies))?\b/ nocase
    // Execute ""&k&"=Request.Form("""&k&""")": the statement text assigns a request value
    $exec = /(^|[^.\w])(Execute|ExecuteGlobal)\s*\(?\s*[^\r\n]{0,40}["'][^"'\r\n]{0,10}=\s*Request\s*(\.\s*(Form|QueryString|Item|Cookies)\s*)?\(/ nocase
    $server = "<%"
  condition:
    filesize < 2MB and $server and $walk and $exec
}

rule SC_VBScript_Execute_Substitution_Decoded
{
  meta:
    description = "Classic ASP decodes its code with a substitution table (a character walk with Mid and InStr over an Array alphabet) and runs the result with Execute"
    severity = "high"
    date = "2026-11-27"
    reference = "https://attack.mitre.org/techniques/T1027/"
    technique = "T1027/T1505.003: substitution-cipher packed VBScript run with Execute"
  strings:
    $exec_var = /(^|[^.\w])(Execute|ExecuteGlobal)\s*\(?\s*[a-z_]\w{0,30}\s*[)\r\n:%]/ nocase
    $walk = /For\s+[a-z_]\w{0,10}\s*=\s*1\s+To\s+Len[bw]?\s*\(/ nocase
    $char = /\bMid[bw]?\s*\(\s*[a-z_]\w{0,30}\s*,\s*[a-z_]\w{0,10}\s*,\s*1\s*\)/ nocase
    $lookup = /\bInStr[bw]?\s*\(/ nocase
    // the alphabet: 40 or more one- or two-byte strings in one Array(...)
    $table = /Array\s*\(\s*("[^"\r\n]{1,2}"\s*,\s*){40}/ nocase
    $server = "<%"
  condition:
    filesize < 2MB and $server and $exec_var and $walk and $char and $lookup and $table
}
