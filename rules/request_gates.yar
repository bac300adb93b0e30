/*
  Pages gated by a key the attacker sends: the page does nothing (or serves a normal-looking
  error) unless a header, cookie or user agent holds a fixed secret, and only then reaches a
  dangerous sink. The gate keeps scanners and curious visitors from seeing the shell work;
  the sink itself may read its input through a variable, out of reach of the request-tied
  sink rules.

  References:
    MITRE ATT&CK T1505.003 (Web Shell), T1027 (Obfuscated Files or Information)
    Microsoft Security Blog, "Web shell attacks continue to rise" (2021-02-11)
    NSA/ASD, "Detect and Prevent Web Shell Malware" (2020-04-22): header/cookie-keyed shells
*/

rule SC_Request_Gate_Then_Sink
{
  meta:
    description = "Server page compares a request header, cookie or user agent with a fixed key and then evaluates code, runs a program or loads an assembly"
    severity = "high"
    date = "2026-12-04"
    reference = "https://media.defense.gov/2020/Jun/09/2002313081/-1/-1/0/CSI-DETECT-AND-PREVENT-WEB-SHELL-MALWARE-20200422.PDF"
    technique = "T1505.003: dangerous sink behind a header/cookie/user-agent key"
  strings:
    // Request.Headers["X-K"] == "secret", Request.Cookies("k") = "secret",
    // Request.ServerVariables("HTTP_X_K") = "secret", Request.UserAgent == "secret",
    // and the same with .Equals("secret") or the key on the left
    $gate1 = /Request\s*\.\s*(Headers|Cookies|ServerVariables)\s*[\[\(]\s*["'][^"'\r\n]{1,40}["']\s*[\]\)](\s*\.\s*Value)?\s*(==|=|!=|<>|\.Equals\s*\()\s*["'][^"'\r\n]{4,80}["']/ nocase
    $gate2 = /Request\s*\.\s*UserAgent\s*(==|!=|\.Equals\s*\(|\.Contains\s*\()\s*["'][^"'\r\n]{4,80}["']/ nocase
    $gate3 = /["'][^"'\r\n]{4,80}["']\s*(==|!=|\.Equals\s*\()\s*Request\s*\.\s*(Headers|Cookies)\s*[\[\(]/ nocase
    $gate4 = /\.Headers\s*\.\s*Get\s*\(\s*["'][^"'\r\n]{1,40}["']\s*\)\s*(==|!=|\.Equals\s*\()\s*["'][^"'\r\n]{4,80}["']/ nocase
    // sinks: script engines, programs, assemblies (not member calls like conn.Execute)
    $sink1 = /(^|[^.\w])(eval|execute|executeglobal)\s*[\s(]\s*[a-z_"(]/ nocase
    $sink2 = /(ProcessStartInfo|Process\s*\.\s*Start\s*\()/ nocase
    $sink3 = /Assembly\s*\.\s*Load\s*\(/ nocase
    $sink4 = /WScript\.Shell|Shell\.Application/ nocase
    $sink5 = /\.CreateInstance\s*\(/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
    $server3 = /IHttpHandler/ nocase
  condition:
    filesize < 256KB and any of ($server*) and any of ($gate*) and any of ($sink*)
}
