/*
  HTTP-to-TCP tunnels (the reGeorg / Neo-reGeorg family): a server page that opens a TCP
  connection to a host and port the request names, keeps it between requests, and relays
  bytes both ways (request body -> socket, socket -> response body). The attacker's SOCKS
  client then reaches the internal network through the web server.

  References:
    MITRE ATT&CK T1090.001 (Internal Proxy), T1572 (Protocol Tunneling)
    SensePost, reGeorg (2014) and L-codes, Neo-reGeorg: the tunnel protocol (CONNECT /
      READ / FORWARD / DISCONNECT commands in a header or query value)
    CISA AA21-062A: reGeorg deployed after the Exchange exploitation of 2021
*/

rule SC_Http_Tcp_Tunnel
{
  meta:
    description = "Server page opens a TCP connection to a host/port taken from the request and relays request and response bodies through it (reGeorg / Neo-reGeorg tunnel)"
    severity = "high"
    date = "2026-12-04"
    reference = "https://attack.mitre.org/techniques/T1090/001/"
    technique = "T1090.001/T1572: HTTP request bodies relayed to a TCP socket the request chose"
  strings:
    $sock1 = /new\s+(System\.Net\.Sockets\.)?Socket\s*\(/ nocase
    $sock2 = /new\s+(System\.Net\.Sockets\.)?TcpClient\s*\(/ nocase
    $sock3 = /\.GetStream\s*\(\s*\)/ nocase
    $connect = /\.(Connect|BeginConnect|ConnectAsync)\s*\(/ nocase
    // host or port from the request: parsed, resolved, or kept in a host/port/target variable
    $target1 = /(IPAddress\.Parse|Dns\.GetHost\w{0,20}|Dns\.Resolve|int\.Parse|Int32\.Parse|Convert\.ToInt32)\s*\([^;\r\n]{0,80}Request/ nocase
    $target2 = /\b\w{0,12}(host|port|target|addr|ip)\w{0,12}\s*=\s*[^;\r\n]{0,60}Request\s*(\.\s*(Headers|QueryString|Form|Params|Cookies|Item))?\s*[\[\(.]/ nocase
    $target3 = /\.Connect\s*\([^;\r\n]{0,120}Request/ nocase
    // the relay: request body in, socket data out to the response
    $in1 = /Request\s*\.\s*(InputStream|BinaryRead|GetBufferlessInputStream|ContentLength|TotalBytes)/ nocase
    $out1 = /Response\s*\.\s*(BinaryWrite|OutputStream)/ nocase
    $send = /\.(Send|Write|BeginSend)\s*\(/ nocase
    $recv = /\.(Receive|Read|BeginReceive|Available)\b/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
    $server3 = /IHttpHandler/ nocase
  condition:
    filesize < 512KB and any of ($server*) and any of ($sock*) and $connect and any of ($target*) and
    $in1 and $out1 and $send and $recv
}

rule SC_Http_Tcp_Tunnel_Commands
{
  meta:
    description = "Server page keeps a socket in Session and dispatches on tunnel commands (CONNECT/READ/FORWARD/DISCONNECT) taken from a header or query value (reGeorg protocol)"
    severity = "high"
    date = "2026-12-04"
    reference = "https://attack.mitre.org/techniques/T1572/"
    technique = "T1572: socket kept in the session, driven by tunnel commands in the request"
  strings:
    $sock = /(Socket|TcpClient)\b/
    $session = /Session\s*[\[\(]\s*[^\]\)]{1,60}[\]\)]\s*=\s*[a-z_]\w{0,30}\s*;?\s*[\r\n]/ nocase
    $cmd_connect = /["']CONNECT["']/
    $cmd_read = /["']READ["']/
    $cmd_forward = /["']FORWARD["']/
    $cmd_disconnect = /["']DISCONNECT["']/
    $req = /Request\s*\.\s*(Headers|QueryString|Form|Params)\s*[\[\(]/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
    $server3 = /IHttpHandler/ nocase
  condition:
    filesize < 512KB and any of ($server*) and $sock and $session and $req and 3 of ($cmd_*)
}
