/*
  The 2021 Exchange campaign's OAB webshell: after ProxyLogon (CVE-2021-26855/-27065) the
  attacker set the ExternalUrl (or InternalUrl) of the OAB virtual directory to a script
  element and had Exchange export the virtual directory's settings to an .aspx file under
  a web root. The export is a Set-OabVirtualDirectory-style property dump; the server runs
  the <script runat="server"> it contains.

  References:
    Microsoft Security Blog, "HAFNIUM targeting Exchange Servers with 0-day exploits" (2021-03-02)
    Volexity, "Operation Exchange Marauder: Active Exploitation of Multiple Zero-Day Microsoft Exchange Vulnerabilities" (2021-03-02)
    CISA AA21-062A (2021-03-03, updated)
    Microsoft, "Analyzing attacks taking advantage of the Exchange Server vulnerabilities" (2021-03-25)
*/

rule SC_Exchange_OAB_VirtualDirectory_Script
{
  meta:
    description = "Exchange virtual-directory settings dump whose ExternalUrl/InternalUrl holds a server-side script (ProxyLogon OAB webshell)"
    severity = "critical"
    date = "2024-05-01"
    reference = "https://www.volexity.com/blog/2021/03/02/active-exploitation-of-microsoft-exchange-zero-day-vulnerabilities/"
    technique = "T1505.003 (ProxyLogon): server script planted in the OAB ExternalUrl/InternalUrl"
  strings:
    $url_script = /(External|Internal)Url\s*[:=]?\s*["']?\s*https?:\/\/[^\r\n]{0,300}<script[^>]{0,200}runat\s*=\s*["']?server/ nocase
    $url_script_bare = /(External|Internal)Url\s*[:=]\s*[^\r\n]{0,300}<script[^>]{0,200}runat\s*=\s*["']?server/ nocase
    $oab1 = "OfflineAddressBook" nocase
    $oab2 = "OAB (Default Web Site)" nocase
    $oab3 = "PollInterval" nocase
    $oab4 = "RequireSSL" nocase
    $oab5 = "ExternalAuthenticationMethods" nocase
    $oab6 = "InternalAuthenticationMethods" nocase
    $oab7 = "/OAB" nocase
  condition:
    $url_script or ($url_script_bare and any of ($oab*))
}

rule SC_Exchange_VirtualDirectory_Dump_With_Code
{
  meta:
    description = "Exchange virtual-directory property dump (.aspx) carrying server code anywhere in it"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.cisa.gov/news-events/cybersecurity-advisories/aa21-062a"
    technique = "T1505.003 (ProxyLogon/ProxyShell): Exchange vdir property dump carrying server code"
  strings:
    $prop1 = /\bExternalUrl\s*:/ nocase
    $prop2 = /\bInternalUrl\s*:/ nocase
    $prop3 = /\bExternalAuthenticationMethods\s*:/ nocase
    $prop4 = /\bInternalAuthenticationMethods\s*:/ nocase
    $prop5 = /\bPollInterval\s*:/ nocase
    $prop6 = /\bOfflineAddressBooks\s*:/ nocase
    $prop7 = /\bAdminDisplayVersion\s*:/ nocase
    $prop8 = /\bServer\s*:/ nocase
    $code1 = /<script[^>]{0,200}runat\s*=\s*["']?server/ nocase
    $code2 = /<%[^@]/
  condition:
    3 of ($prop*) and any of ($code*)
}
