#!/usr/bin/env bash
# make-hostile-image.sh [OUTDIR]
#
# Builds test-images/hostile-names.raw.gz, the image the report's browser test reads
# (issue 16): a web root whose page names and content try to run script in the HTML report,
# with the real tools and frozen clock of make-test-images.sh (whose helpers it sources).
# Every page below holds the China Chopper one-liner, so each is a finding and its name is
# written into the findings table, the evidence chains and the chart's tooltips:
#   inetpub/wwwroot/x/<script>alert(1)</script>.aspx
#       created as "<script>alert(1)<Qscript>.aspx" (a POSIX name cannot hold '/'), then the
#       'Q' of its $FILE_NAME and of the $I30 index entry in x's resident $INDEX_ROOT is
#       rewritten to '/': NTFS stores the name as UTF-16 and Windows' POSIX namespace lets
#       it through; the content also ends in "</pre><script>alert(2)</script>".
#   inetpub/wwwroot/"><img src=x onerror=alert(1)>.aspx
#   inetpub/wwwroot/evil<U+202E>gpj.aspx      (a right-to-left override: shows as "evilxpsa.jpg")
#   inetpub/wwwroot/y/badQname.aspx           then 'Q' rewritten to the lone surrogate U+D800,
#                                             which no UTF-8 can carry (shown as a replacement)
# The server was "patched" at 2021-03-03 03:20; the pages arrive after it.
#
# Requirements: those of make-test-images.sh (root, /dev/fuse, ntfs-3g, libfaketime, TSK).
set -euo pipefail
MAKE_TEST_IMAGES_HELPERS_ONLY=1 source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/make-test-images.sh" "${1:-}"

img=$WORK/hostile-names.raw
WR=inetpub/wwwroot
SCRIPT_NAME_PLACEHOLDER='<script>alert(1)<Qscript>.aspx'
BIDI_NAME=$(printf 'evil\xe2\x80\xaegpj.aspx')

log "hostile-names.raw: mkntfs"
at "2021-02-01 08:00:00"
mkfs_ntfs "$img" 8M HOSTILE 0

ntfs_mount "$img"
(
    cd "$MNT"
    at "2021-02-02 09:00:00.1111111"
    mkdir -p "$WR/x" "$WR/y" "$WR/aspnet_client"
    printf '<html><body>IIS</body></html>\r\n' > "$WR/iisstart.htm"
    at "2021-03-05 10:00:00.2222222"
    printf '%s</pre><script>alert(2)</script>' "$ONELINER" > "$WR/x/$SCRIPT_NAME_PLACEHOLDER"
    at "2021-03-05 10:05:00.3333333"
    printf '%s' "$ONELINER" > "$WR/\"><img src=x onerror=alert(1)>.aspx"
    at "2021-03-05 10:10:00.4444444"
    printf '%s' "$ONELINER" > "$WR/$BIDI_NAME"
    at "2021-03-05 10:15:00.5555555"
    printf '%s' "$ONELINER" > "$WR/y/badQname.aspx"
)
ntfs_umount

# Rewrites one UTF-16 unit of a name in the file's MFT record and in its parent's record
# (the $I30 entry of a small directory sits in the resident $INDEX_ROOT), fixups kept.
python3 - "$WORK" "$img" <<'PYEOF'
import subprocess, sys
sys.path.insert(0, sys.argv[1])
from helpers import Vol
image = sys.argv[2]

def entry_of(path):
    return int(subprocess.check_output(['ifind', '-n', path, image]).split()[0])

def rename_unit(parent_path, name, index, unit):
    old = name.encode('utf-16-le')
    new = bytearray(old)
    new[2 * index:2 * index + 2] = unit.to_bytes(2, 'little')
    v = Vol(image)
    for entry in (entry_of(parent_path + '/' + name), entry_of(parent_path)):
        rec = v.read_record(entry)
        hits = rec.count(old)
        assert hits >= 1, 'name not found in entry %d' % entry
        v.write_record(entry, bytearray(bytes(rec).replace(old, bytes(new))))

rename_unit('/inetpub/wwwroot/x', '<script>alert(1)<Qscript>.aspx', 17, ord('/'))
rename_unit('/inetpub/wwwroot/y', 'badQname.aspx', 3, 0xD800)
PYEOF

fls -r -p "$img" > "$WORK/hostile-names.raw.fls.txt"
grep -q 'alert(1)</script>.aspx' "$WORK/hostile-names.raw.fls.txt" || die "VERIFY FAILED: the '/' was not written into the name"
gzip -9 -n -c "$img" > "$OUTDIR/hostile-names.raw.gz"
log "hostile-names.raw.gz: $(stat -c %s "$OUTDIR/hostile-names.raw.gz") bytes"
