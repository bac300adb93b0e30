#!/usr/bin/env bash
# make-verdict-image.sh [OUTDIR]
#
# Builds test-images/verdicts.raw.gz, the image the planted-time, patch-time and timestomp
# verdict tests read, with the same real tools and frozen fake clock as make-test-images.sh
# (whose helpers it sources). An Exchange 2016 server in miniature: installed at CU19 (the
# CU's 3-part owa/auth/15.1.2176 folder), patched with the March 2021 SU (its 4-part folder
# 15.1.2176.9, the patch time to infer), and these shells around the patch:
#   prepatch.aspx      planted before the patch, never touched again          -> before
#   reused.aspx        planted before, rewritten after                         -> undetermined, written after
#   staged.aspx        written in Windows/Temp before, moved in after          -> after
#   copied.aspx        copied in after, its times kept from 2019 ($FN = copy)  -> after, timestomp undetermined
#   expiredpassword.aspx:shell.aspx  ADS added after to a page of the install  -> undetermined, written after
#   linked.aspx + owa/auth/signout.aspx  a pre-patch shell hard-linked after   -> undetermined
#   gone.aspx          planted after, deleted                                  -> after (deleted)
#   stomped.aspx       planted after, $SI set back to 2020 a day later         -> after, timestomped
#   owa/auth/99.0.0.0  a version folder no build table knows (V13)            -> a finding, not the patch
# mkntfs runs with a clock later than every file (the volume's format time after its files,
# as on a restored or cloned server): that indicator must be a volume note, not a verdict.
# ntfs-3g writes no $UsnJrnl; the journal cases are unit tests (planted_interval_test.cpp).
#
# Requirements: those of make-test-images.sh (root, /dev/fuse, ntfs-3g, libfaketime, TSK).
set -euo pipefail
MAKE_TEST_IMAGES_HELPERS_ONLY=1 source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/make-test-images.sh" "${1:-}"

img=$WORK/verdicts.raw
WR=inetpub/wwwroot
AC=$WR/aspnet_client
EX="Program Files/Microsoft/Exchange Server/V15"
OWA="$EX/FrontEnd/HttpProxy/owa/auth"

log "verdicts.raw: mkntfs (clock set later than every file)"
at "2021-06-01 08:00:00"
mkfs_ntfs "$img" 16M VERDICTS 0

ntfs_mount "$img"
(
    cd "$MNT"
    at "2021-01-10 09:00:00.1111111"   # V1 install (CU19)
    mkdir -p "$OWA/15.1.2176" "$EX/Bin" "$AC/system_web" Windows/Temp
    printf '<html><body>IIS</body></html>\r\n' > "$WR/iisstart.htm"
    printf '<%%@ Page Language="C#" %%><html><body>sign in</body></html>\r\n' > "$OWA/logon.aspx"
    printf '<%%@ Page Language="C#" %%><html><body>password expired</body></html>\r\n' > "$OWA/expiredpassword.aspx"
    for i in $(seq -w 1 16); do printf 'binary %s\r\n' "$i" > "$EX/Bin/Microsoft.Exchange.Part$i.dll"; done
    at "2021-03-02 03:00:00.2222222"   # V2 pre-patch shells
    printf '%s' "$ONELINER" > "$AC/prepatch.aspx"
    printf '%s' "$ONELINER" > "$AC/linked.aspx"
    at "2021-03-02 04:00:00.3333333"   # V3
    printf '%s' "$ONELINER" > "$AC/reused.aspx"
    at "2021-03-02 05:00:00.4444444"   # V4 staged outside the web roots
    printf '%s' "$ONELINER" > Windows/Temp/staged.aspx
    at "2021-03-04 10:00:00.5555555"   # V5 the March 2021 SU: its folder and binaries
    mkdir "$OWA/15.1.2176.9"
    for i in 01 02 03 04; do printf 'patched %s\r\n' "$i" > "$EX/Bin/Microsoft.Exchange.Part$i.dll"; done
    printf 'su\r\n' > "$EX/Bin/Microsoft.Exchange.Security.dll"
    at "2021-03-10 11:00:00.6666666"   # V6 ADS on a page of the install
    printf '%s' "$ONELINER" > "$OWA/expiredpassword.aspx:shell.aspx"
    at "2021-03-10 11:05:00.7777777"   # V7 moved into the web root
    mv Windows/Temp/staged.aspx "$AC/staged.aspx"
    at "2021-03-10 11:10:00.8888888"   # V8 copied in, source times kept
    printf '%s' "$ONELINER" > "$AC/copied.aspx"
    py set_times "$AC/copied.aspx" "2019-05-01 12:00:00.1234567" "2019-05-01 12:00:00.1234567" "2019-05-01 12:00:00.1234567"
    at "2021-03-10 11:15:00.9999999"   # V9 hard link to a pre-patch shell
    ln "$AC/linked.aspx" "$OWA/signout.aspx"
    at "2021-03-10 11:20:00.1212121"   # V10 pre-patch shell rewritten
    printf '%s\r\n' "$ONELINER" >> "$AC/reused.aspx"
    at "2021-03-10 11:25:00.2323232"   # V11
    printf '%s' "$ONELINER" > "$AC/gone.aspx"
    at "2021-03-10 11:30:00.4545454"   # V13
    printf '%s' "$ONELINER" > "$AC/stomped.aspx"
    mkdir "$OWA/99.0.0.0"              # a planted version folder: must not move the patch time
    at "2021-03-11 08:00:00.3434343"   # V12
    rm "$AC/gone.aspx"
    at "2021-03-12 09:00:00.5656565"   # V14 the stomp, a day after
    py set_times "$AC/stomped.aspx" "2020-01-01 00:00:00.7654321" "2020-01-01 00:00:00.7654321" "2020-01-01 00:00:00.7654321"
)
ntfs_umount

# ntfs-3g copies the set times into $FN too; on Windows SetFileTime leaves $FN alone, so
# write the kernel's values back: the copy's $FN is the copy (V8), the stomped file's its birth.
entry_of() { ifind -n "$1" "$img"; }
V8="2021-03-10 11:10:00.8888888"
V13="2021-03-10 11:30:00.4545454"
py patch_fn "$img" "$(entry_of "/$AC/copied.aspx")" copied.aspx "$V8" "$V8" "$V8" "$V8"
py patch_fn "$img" "$(entry_of "/$AC/stomped.aspx")" stomped.aspx "$V13" "$V13" "$V13" "$V13"

expect_fn() { # expect_fn PATH CREATED
    local got
    got=$(istat "$img" "$(entry_of "$1")" | sed -n '/^\$FILE_NAME Attribute Values:/,/^Accessed/p' | sed -n 's/^Created:\t//p' | head -1)
    case $got in "$2"*) ;; *) die "VERIFY FAILED: $1 \$FN created '$got', expected $2" ;; esac
}
expect_fn "/$AC/copied.aspx" "2021-03-10 11:10:00.888888"
expect_fn "/$AC/stomped.aspx" "2021-03-10 11:30:00.454545"
expect_fn "/$OWA/15.1.2176.9" "2021-03-04 10:00:00.555555"

gzip -9 -n -c "$img" > "$OUTDIR/verdicts.raw.gz"
log "verdicts.raw.gz: $(stat -c %s "$OUTDIR/verdicts.raw.gz") bytes"
