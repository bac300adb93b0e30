#!/usr/bin/env bash
# bench-logs.sh [SIZE_MB] [BUILD_DIR]
#
# Times `shellcarve logs` (Test-ProxyLogon's log checks, streaming) over a generated log set
# of about SIZE_MB MiB (default 400: IIS W3C logs and HttpProxy logs in their real layouts,
# a few ProxyLogon rows among ordinary traffic), against what an examiner would otherwise
# run over the same files: `grep -c ServerInfo~` over the HttpProxy logs and a grep for
# the shells' paths over the IIS logs. Prints wall time, records/s, the ratio to grep and
# peak memory (/usr/bin/time -v). Generated files live in a temporary folder, removed at
# the end. Numbers depend on the machine; nothing here asserts on them.
set -euo pipefail
size_mb=${1:-400}
build=${2:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/$build/shellcarve
[ -x "$bin" ] || { echo "bench-logs: $bin not built" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-logs: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The generator writes row by row (streamed, constant memory): 3/4 of the bytes as IIS,
# 1/4 as HttpProxy (one Ecp file per day, 75 fields as Exchange 2016 writes them).
python3 - "$work/logs" "$size_mb" <<'PY'
import os, sys
out, size_mb = sys.argv[1], int(sys.argv[2])
iis_dir = os.path.join(out, "inetpub/logs/LogFiles/W3SVC1")
hp_dir = os.path.join(out, "Exchange/V15/Logging/HttpProxy/Ecp")
os.makedirs(iis_dir); os.makedirs(hp_dir)
fields = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
agent = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)"
stems = ["/owa/", "/owa/auth/logon.aspx", "/ecp/", "/EWS/Exchange.asmx", "/mapi/emsmdb/", "/Microsoft-Server-ActiveSync"]
hp_fields = ["DateTime","RequestId","MajorVersion","MinorVersion","BuildVersion","RevisionVersion","ClientRequestId","Protocol","UrlHost","UrlStem","ProtocolAction","AuthenticationType","IsAuthenticated","AuthenticatedUser","Organization","AnchorMailbox","UserAgent","ClientIpAddress","ServerHostName","HttpStatus"] + ["F%d" % i for i in range(55)]
days = 10
iis_bytes = size_mb * 1024 * 1024 * 3 // 4 // days
hp_bytes = size_mb * 1024 * 1024 // 4 // days
for d in range(days):
    day = "2021-03-%02d" % (d + 1)
    with open(os.path.join(iis_dir, "u_ex2103%02d.log" % (d + 1)), "w", newline="") as f:
        f.write("#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: %s 00:00:00\r\n#Fields: %s\r\n" % (day, fields))
        written, i = 0, 0
        while written < iis_bytes:
            s = i % 86400
            stem = stems[i % len(stems)]
            if i % 100000 == 7: stem = "/aspnet_client/abc.aspx"
            if i % 100000 == 9: stem = "/owa/auth/OutlookFix.aspx"
            row = "%s %02d:%02d:%02d 10.0.0.10 GET %s - 443 - 10.1.%d.%d %s - 200 0 0 %d\r\n" % (day, s // 3600, s // 60 % 60, s % 60, stem, i % 250, i % 200, agent, i % 900)
            f.write(row); written += len(row); i += 1
    with open(os.path.join(hp_dir, "HttpProxy_2021%02d%02d00-1.LOG" % (3, d + 1)), "w", newline="") as f:
        f.write("#Software: Microsoft Exchange Server\r\n#Version: 15.01.2176.002\r\n#Log-type: HttpProxy Logs\r\n#Date: %sT00:00:00.000Z\r\n#Fields: %s\r\n" % (day, ",".join(hp_fields)))
        written, i = 0, 0
        while written < hp_bytes:
            s = i % 86400
            anchor = "SMTP:user%d@contoso.com" % (i % 5000)
            user = "CONTOSO\\user%d" % (i % 5000)
            if i % 200000 == 11: anchor, user = "ServerInfo~a]@exch01:444/ecp/proxyLogon.ecp?#", ""
            row = [day + "T%02d:%02d:%02d.%03dZ" % (s // 3600, s // 60 % 60, s % 60, i % 1000), "r%d" % i, "15", "1", "2176", "2", "", "Ecp", "mail.contoso.com", "/ecp/", "", "Negotiate", "True", user, "", anchor, "Mozilla/5.0 (Windows NT 10.0)", "10.1.%d.%d" % (i % 250, i % 200), "EXCH01", "200"] + [""] * 55
            line = ",".join(row) + "\r\n"
            f.write(line); written += len(line); i += 1
PY
logs=$work/logs
bytes=$(du -sb "$logs" | cut -f1)
records=$(cat "$logs"/inetpub/logs/LogFiles/W3SVC1/*.log "$logs"/Exchange/V15/Logging/HttpProxy/Ecp/*.LOG | grep -vc '^#' || true)
echo "log set: $((bytes / 1024 / 1024)) MiB, $records records"

measure() {  # measure NAME COMMAND...: wall seconds and peak RSS (KiB) into $wall $rss
  local name=$1; shift
  /usr/bin/time -v -o "$work/time.$name" "$@" >"$work/out.$name" 2>"$work/err.$name" || true
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/time.$name")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.$name")
}
# The page cache is warmed first so every tool reads from memory.
cat "$logs"/*/*/*/*/* "$logs"/*/*/*/*/*/* >/dev/null 2>&1 || true
measure grep_serverinfo grep -c 'ServerInfo~' -r "$logs/Exchange"
g1=$wall; g1_rss=$rss
measure grep_shells grep -ci -e 'abc\.aspx' -e 'outlookfix\.aspx' -r "$logs/inetpub"
g2=$wall; g2_rss=$rss
measure shellcarve "$bin" logs "$logs"
s=$wall; s_rss=$rss
grep_total=$(awk -v a="$g1" -v b="$g2" 'BEGIN {print a + b}')
echo "grep -c ServerInfo~ (HttpProxy):      ${g1} s, peak ${g1_rss} KiB"
echo "grep for the shells' paths (IIS):     ${g2} s, peak ${g2_rss} KiB"
echo "shellcarve logs (all checks, 2 passes): ${s} s, peak ${s_rss} KiB"
awk -v s="$s" -v g="$grep_total" -v r="$records" -v b="$bytes" 'BEGIN {
  if (s > 0) printf "shellcarve: %.0f records/s, %.1f MiB/s; ratio to both greps: %.2fx\n", r / s, b / 1048576 / s, (g > 0 ? s / g : 0) }'
grep -m1 'log lines read' "$work/err.shellcarve" || true
head -4 "$work/out.shellcarve"
