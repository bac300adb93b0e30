/*
  Assembly loaders: the page decodes (Base64, often then AES/Rijndael- or XOR/RC4-
  decrypted) bytes sent in the request and loads them as a .NET assembly, so the webshell
  on disk carries none of its functionality. "Behinder" (Rebeyond) and "Godzilla" made
  this common; Exchange intrusions used it after ProxyShell too.

  References:
    CISA AA21-062A (2021): "Web shells ... load .NET assemblies"
    Microsoft Security Blog, "Web shell attacks continue to rise" (2021-02-11)
    Unit 42, "Exchange Server Vulnerabilities: Godzilla web shell" (2021)
*/

rule SC_Assembly_Load_From_Request
{
  meta:
    description = "Server code loads a .NET assembly from request data (Base64/decrypted), Behinder/Godzilla style"
    severity = "critical"
    date = "2024-05-01"
    reference = "https://www.cisa.gov/news-events/cybersecurity-advisories/aa21-062a"
    technique = "T1505.003/T1620: in-memory .NET assembly loaded from (decrypted) request bytes"
  strings:
    $load1 = /Assembly\s*\.\s*Load\s*\(/ nocase
    $load2 = /GetMethod\s*\(\s*["']Load["']/ nocase
    $load3 = /AppDomain\.CurrentDomain\.Load\s*\(/ nocase
    $load4 = /\.Load\s*\(\s*(System\.)?Convert\.FromBase64String/ nocase
    $asm = "System.Reflection.Assembly" nocase
    $asm2 = /Import\s+Namespace\s*=\s*["']System\.Reflection["']/ nocase
    $in1 = /Request\s*\.\s*BinaryRead\s*\(/ nocase
    $in2 = /Request\s*\.\s*InputStream/ nocase
    $in3 = /FromBase64String\s*\(\s*(Context\.|HttpContext\.Current\.|this\.)?Request\s*[\[\.\(]/ nocase
    $in4 = /Request\s*(\.\s*(Item|Form|QueryString|Params)\s*)?\[/ nocase
    $dec1 = "FromBase64String" nocase
    $dec2 = "CreateDecryptor" nocase
    $dec3 = "TransformFinalBlock" nocase
    $dec4 = /(Rijndael|Aes)(Managed|CryptoServiceProvider)?\s*\(/ nocase
    $inst = /CreateInstance\s*\(\s*["'][A-Za-z0-9_.]{1,40}["']\s*\)/ nocase
  condition:
    filesize < 512KB and
    any of ($load*) and (($asm or $asm2) or $load4 or $inst) and
    any of ($in*) and any of ($dec*)
}

rule SC_Assembly_Instance_Equals_Context
{
  meta:
    description = "Loaded assembly's instance receives the page or context through Equals() (Behinder/Godzilla payload handshake)"
    severity = "critical"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2021/02/11/web-shell-attacks-continue-to-rise/"
    technique = "T1505.003/T1620: loaded assembly handed the page context through Equals"
  strings:
    $a = /CreateInstance\s*\(\s*["'][A-Za-z0-9_.]{1,40}["']\s*\)\s*\.\s*Equals\s*\(/ nocase
    $b = /\.Equals\s*\(\s*(this|Context|HttpContext\.Current|Page)\s*\)/
    $load = /Assembly\s*\.\s*Load|GetMethod\s*\(\s*["']Load["']/ nocase
  condition:
    $a or ($b and $load)
}
