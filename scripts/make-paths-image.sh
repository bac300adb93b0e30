#!/usr/bin/env bash
# make-paths-image.sh [OUTDIR]
#
# Builds test-images/paths.raw.gz, the image the path-resolution tests read (issue 18 items 4
# and 5), with the real tools and frozen clock of make-test-images.sh (whose helpers it
# sources):
#   inetpub/wwwroot/a/b/shell.aspx
#       then the $FILE_NAME parent reference of `a` (in its MFT record only; wwwroot's $I30
#       still lists it) is rewritten to the root directory (entry 5): the $FN chain puts the
#       shell at /a/b/shell.aspx, outside every web root; fls and Windows follow the index.
#   inetpub/wwwroot/aspnet_client/c/d/loop.aspx
#       then the parent reference of `c` is rewritten to `d`: a loop no $FN chain leaves.
#   outside/jtarget/jshell.aspx, reached through the junction inetpub/wwwroot/jn
#       (IO_REPARSE_TAG_MOUNT_POINT, \??\C:\outside\jtarget); jtarget/back is a junction back
#       to \??\C:\inetpub\wwwroot (a loop the follower must break).
#   outside/starget/sshell.aspx, reached through the symbolic link inetpub/wwwroot/sl
#       (IO_REPARSE_TAG_SYMLINK, relative: ..\..\outside\starget).
#   inetpub/wwwroot/unc   a symbolic link to \??\UNC\fileserver\share\web (cannot be followed)
#   inetpub/wwwroot/gone  a junction to \??\D:\data\web (no such folder on this volume)
#   inetpub/wwwroot/vol   a junction to \??\Volume{...}\web (another volume)
# The reparse points are written with ntfs-3g's system.ntfs_reparse_data attribute (the raw
# REPARSE_DATA_BUFFER, [MS-FSCC] 2.1.2.2 symbolic link and 2.1.2.5 mount point), so ntfs-3g
# also sets FILE_ATTRIBUTE_REPARSE_POINT and the $Extend/$Reparse index as Windows does.
# fls -r -p and its bodyfile are stored in test-images/expected/ for the tests.
#
# Requirements: those of make-test-images.sh (root, /dev/fuse, ntfs-3g, libfaketime, TSK).
set -euo pipefail
MAKE_TEST_IMAGES_HELPERS_ONLY=1 source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/make-test-images.sh" "${1:-}"

cat >> "$WORK/helpers.py" <<'PYEOF'

def reparse_data(kind, substitute, print_name, relative=False):
    """A REPARSE_DATA_BUFFER ([MS-FSCC] 2.1.2) as hex for setfattr: mount point or symlink."""
    s, p = substitute.encode('utf-16-le'), print_name.encode('utf-16-le')
    if kind == 'junction':
        tag = 0xA0000003
        body = struct.pack('<4H', 0, len(s), len(s) + 2, len(p)) + s + b'\0\0' + p + b'\0\0'
    else:
        tag = 0xA000000C
        body = struct.pack('<4HI', len(p), len(s), 0, len(p), 1 if relative else 0) + p + s
    return '0x' + (struct.pack('<IHH', tag, len(body), 0) + body).hex()

def patch_fn_parent(image, entry, parent):
    """Point every $FILE_NAME of MFT entry `entry` at directory `parent` (its current
    sequence), in the record only: the index entries naming it are left alone."""
    v = Vol(image)
    sequence = struct.unpack_from('<H', v.read_record(parent), 0x10)[0]
    rec = v.read_record(entry)
    hits = 0
    for off, attr in v.find_attr(rec, 0x30):
        assert attr[8] == 0
        coff = off + struct.unpack_from('<H', attr, 0x14)[0]
        struct.pack_into('<Q', rec, coff, parent | (sequence << 48))
        hits += 1
    assert hits >= 1, 'no $FILE_NAME in entry %d' % entry
    v.write_record(entry, rec)

if __name__ == '__main__' and sys.argv[1] in ('reparse', 'fn_parent'):
    if sys.argv[1] == 'reparse':
        print(reparse_data(sys.argv[2], sys.argv[3], sys.argv[4], len(sys.argv) > 5))
    else:
        patch_fn_parent(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    sys.exit(0)
PYEOF
# The helpers' own __main__ block runs first and rejects unknown commands: put ours before it.
python3 - "$WORK/helpers.py" <<'PYEOF'
import sys
path = sys.argv[1]
text = open(path).read()
main = "if __name__ == '__main__':\n    cmd, args"
ours_start = text.index('\ndef reparse_data')
ours = text[ours_start:]
text = text[:ours_start]
i = text.index(main)
open(path, 'w').write(text[:i] + ours.lstrip('\n') + '\n' + text[i:])
PYEOF

img=$WORK/paths.raw
WR=inetpub/wwwroot

log "paths.raw: mkntfs"
at "2022-05-01 08:00:00"
mkfs_ntfs "$img" 16M PATHS 0

ntfs_mount "$img"
(
    cd "$MNT"
    at "2022-05-02 09:00:00.1111111"
    mkdir -p "$WR/a/b" "$WR/aspnet_client/c/d" outside/jtarget outside/starget
    printf '<html><body>IIS</body></html>\r\n' > "$WR/iisstart.htm"
    at "2022-05-03 10:00:00.2222222"
    printf '%s' "$ONELINER" > "$WR/a/b/shell.aspx"
    printf '%s' "$ONELINER" > "$WR/aspnet_client/c/d/loop.aspx"
    printf '%s' "$ONELINER" > outside/jtarget/jshell.aspx
    printf '%s' "$ONELINER" > outside/starget/sshell.aspx
    at "2022-05-04 11:00:00.3333333"
    mkdir "$WR/jn" "$WR/sl" "$WR/unc" "$WR/gone" "$WR/vol" outside/jtarget/back
    setfattr -n system.ntfs_reparse_data -v "$(py reparse junction '\??\C:\outside\jtarget' 'C:\outside\jtarget')" "$WR/jn"
    setfattr -n system.ntfs_reparse_data -v "$(py reparse symlink '..\..\outside\starget' '..\..\outside\starget' relative)" "$WR/sl"
    setfattr -n system.ntfs_reparse_data -v "$(py reparse symlink '\??\UNC\fileserver\share\web' '\\fileserver\share\web')" "$WR/unc"
    setfattr -n system.ntfs_reparse_data -v "$(py reparse junction '\??\D:\data\web' 'D:\data\web')" "$WR/gone"
    setfattr -n system.ntfs_reparse_data -v "$(py reparse junction '\??\Volume{0b2e54c8-3f7d-4c1e-9a55-6d1f3c2b7a90}\web' '\\?\Volume{0b2e54c8-3f7d-4c1e-9a55-6d1f3c2b7a90}\web')" "$WR/vol"
    setfattr -n system.ntfs_reparse_data -v "$(py reparse junction '\??\C:\inetpub\wwwroot' 'C:\inetpub\wwwroot')" outside/jtarget/back
)
ntfs_umount

entry_of() { ifind -n "$1" "$img"; }
a=$(entry_of "/$WR/a"); c=$(entry_of "/$WR/aspnet_client/c"); d=$(entry_of "/$WR/aspnet_client/c/d")
log "paths.raw: \$FN parent of a ($a) -> 5, of c ($c) -> d ($d)"
py fn_parent "$img" "$a" 5
py fn_parent "$img" "$c" "$d"

# fls takes paths from the index walk: the shells stay where Windows serves them.
fls -r -p "$img" > "$WORK/paths.raw.fls.txt"
grep -q "	$WR/a/b/shell.aspx$" "$WORK/paths.raw.fls.txt" || die "VERIFY FAILED: fls does not list $WR/a/b/shell.aspx"
grep -q "	$WR/aspnet_client/c/d/loop.aspx$" "$WORK/paths.raw.fls.txt" || die "VERIFY FAILED: fls does not list loop.aspx"
istat "$img" "$(entry_of "/$WR/jn")" | grep -q 'REPARSE_POINT' || die "VERIFY FAILED: $WR/jn has no reparse point"
fls -r -p -m / "$img" > "$WORK/paths.raw.fls.body"

gzip -9 -n -c "$img" > "$OUTDIR/paths.raw.gz"
mkdir -p "$OUTDIR/expected"
cp "$WORK/paths.raw.fls.txt" "$WORK/paths.raw.fls.body" "$OUTDIR/expected/"
log "paths.raw.gz: $(stat -c %s "$OUTDIR/paths.raw.gz") bytes"
