#!/usr/bin/env bash
# Regenerates the seed corpora under tests/fuzz/corpus/ from our own test image
# (test-images/ntfs-basic.raw.gz, made by test-images' recipe) with The Sleuth Kit's icat
# and ifind, plus a few hand-made inputs. Seeds are small: one record or page each.
set -euo pipefail
cd "$(dirname "$0")"
out=corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
zcat ../../test-images/ntfs-basic.raw.gz >"$tmp/img"
mkdir -p "$out"/{mft_record,data_runs,attribute_list,index_record,boot_sector,record_carver,content_cut,\
  usn_records,path_resolution,lznt1,writers,exchange_baselines}

# Boot sector, and the $MFT's first records (entry 0 $MFT, 3 $Volume, 5 root, then files).
dd if="$tmp/img" of="$out/boot_sector/ntfs-basic" bs=512 count=1 status=none
icat "$tmp/img" 0 >"$tmp/mft"
for n in 0 3 5 9 87 88 98 103; do
  dd if="$tmp/mft" of="$out/mft_record/ntfs-basic-$n" bs=1024 skip="$n" count=1 status=none
done

# INDX records of two directories' $I30 allocations (ballast has deleted entries).
icat "$tmp/img" 103-160-5 | head -c 4096 >"$out/index_record/ballast-indx"
icat "$tmp/img" 5-160-5 | head -c 4096 >"$out/index_record/root-indx"

# Mapping pairs: those of $MFT's $DATA (record 0), cut out by a small Python reader, plus
# hand-made lists (8-byte starting VCN first, as the target expects).
python3 - "$tmp/mft" "$out/data_runs" <<'PY'
import struct, sys
mft = bytearray(open(sys.argv[1], 'rb').read(1024))
usa, cnt = struct.unpack_from('<HH', mft, 4)
for i in range(1, cnt):
    mft[i * 512 - 2:i * 512] = mft[usa + 2 * i:usa + 2 * i + 2]
off = struct.unpack_from('<H', mft, 0x14)[0]
while True:
    t, l = struct.unpack_from('<II', mft, off)
    if t == 0xFFFFFFFF: break
    if mft[off + 8]:
        p = struct.unpack_from('<H', mft, off + 0x20)[0]
        open(f'{sys.argv[2]}/mft-attr-{t:x}', 'wb').write(bytes(8) + bytes(mft[off + p:off + l]))
    off += l
d = sys.argv[2]
open(f'{d}/sparse-and-negative', 'wb').write(bytes(8) + bytes([0x21, 0x30, 0x00, 0x10, 0x01, 0x10, 0x21, 0x20, 0x00, 0xFF, 0x00]))
open(f'{d}/wide-fields', 'wb').write(struct.pack('<Q', 5) + bytes([0x88]) + bytes(range(1, 17)) + b'\0')
PY

# Attribute lists: a hand-made two-entry list (ntfs-basic has none).
python3 - "$out/attribute_list" <<'PY'
import struct, sys
def entry(t, vcn, ref, aid, name=''):
    n = name.encode('utf-16-le')
    e = struct.pack('<IHBBQQH', t, 0, len(name), 0x1A, vcn, ref, aid) + n
    e += bytes(-len(e) % 8)
    return e[:4] + struct.pack('<H', len(e)) + e[6:]
data = entry(0x10, 0, 30 | 4 << 48, 0) + entry(0x80, 0, 31 | 1 << 48, 2, 'ads')
open(f'{sys.argv[1]}/two-entries', 'wb').write(data)
PY

# USN record streams (first byte: the piece size the target feeds the scanner with). The
# committed images have no journal (ntfs-3g writes none), so V2, V3 and V4 records are
# built here with names from ntfs-basic's web root, padded to a page as Windows does.
python3 - "$out/usn_records" <<'PY'
import struct, sys
def v2(ref, parent, usn, reason, name, major=2):
    n = name.encode('utf-16-le')
    if major == 2:
        head = struct.pack('<IHHQQqQIIIIHH', 0, 2, 0, ref, parent, usn, 132580000000000000 + usn,
                           reason, 0, 0, 0x20, len(n), 0x3C)
    else:
        head = struct.pack('<IHH16s16sqQIIIIHH', 0, 3, 0, struct.pack('<Q', ref) + bytes(8),
                           struct.pack('<Q', parent) + bytes(8), usn, 132580000000000000 + usn,
                           reason, 0, 0, 0x20, len(n), 0x4C)
    r = head + n
    r += bytes(-len(r) % 8)
    return struct.pack('<I', len(r)) + r[4:]
def v4(ref, parent, usn, reason, extents):
    r = struct.pack('<IHH16s16sqIIIHH', 0, 4, 0, struct.pack('<Q', ref) + bytes(8),
                    struct.pack('<Q', parent) + bytes(8), usn, reason, 0, 0, len(extents), 16)
    for off, length in extents: r += struct.pack('<qq', off, length)
    return struct.pack('<I', len(r)) + r[4:]
web = 40 | 1 << 48
recs = [v2(41 | 1 << 48, web, 0, 0x100, 'shell.aspx'), v2(41 | 1 << 48, web, 96, 0x80000102, 'shell.aspx'),
        v4(41 | 1 << 48, web, 200, 0x80000002, [(0, 4096), (8192, 512)]),
        v2(42 | 2 << 48, 41 | 1 << 48, 304, 0x1000, 'old name.txt', major=3),
        v2(42 | 2 << 48, 41 | 1 << 48, 400, 0x2000, 'n\u202egpj.aspx', major=3)]
page = b''.join(recs)
open(f'{sys.argv[1]}/v2-v3-v4-page', 'wb').write(bytes([3]) + page + bytes(4096 - len(page)))
open(f'{sys.argv[1]}/records-split-in-pieces', 'wb').write(bytes([0]) + b''.join(recs[:3]))
damaged = bytearray(page)
damaged[len(recs[0]) + 3] = 0x7F  # second record's length field
open(f'{sys.argv[1]}/damaged-length', 'wb').write(bytes([9]) + bytes(damaged))
PY

# Path resolution: recipes (see fuzz_path_resolution.cpp) taken from the first 40 records
# of ntfs-basic's $MFT -- flags, sequence, base reference, and each $FILE_NAME's parent,
# namespace and name -- and a hand-made one whose two directories hold each other.
python3 - "$tmp/mft" "$out/path_resolution" <<'PY'
import struct, sys
mft = open(sys.argv[1], 'rb').read()
count = 40
recipe = bytearray([count - 6, 63])
for i in range(count):
    rec = bytearray(mft[i * 1024:(i + 1) * 1024])
    if rec[:4] != b'FILE':
        recipe.append(0)
        continue
    usa, cnt = struct.unpack_from('<HH', rec, 4)
    for k in range(1, cnt):
        rec[k * 512 - 2:k * 512] = rec[usa + 2 * k:usa + 2 * k + 2]
    seq, flags, base = struct.unpack_from('<H', rec, 0x10)[0], struct.unpack_from('<H', rec, 0x16)[0], struct.unpack_from('<Q', rec, 0x20)[0]
    names, has_si, off = [], False, struct.unpack_from('<H', rec, 0x14)[0]
    while off + 8 <= len(rec):
        t, l = struct.unpack_from('<II', rec, off)
        if t == 0xFFFFFFFF or l == 0: break
        if t == 0x10: has_si = True
        if t == 0x30 and len(names) < 3:
            c = off + struct.unpack_from('<H', rec, off + 0x14)[0]
            parent = struct.unpack_from('<Q', rec, c)[0]
            nlen, ns = rec[c + 0x40], rec[c + 0x41]
            names.append((parent & 0xFFFFFFFFFFFF, parent >> 48, ns, rec[c + 0x42:c + 0x42 + min(2 * nlen, 24)]))
        off += l
    shape = 0x80 | (flags & 3) | len(names) << 2 | (0x20 if has_si else 0) | (0x40 if base else 0)
    recipe += bytes([shape, seq % 4])
    if base: recipe += bytes([(base & 0xFFFFFFFFFFFF) % count, (base >> 48) % 4])
    for parent, pseq, ns, name in names:
        recipe += bytes([parent % (count + 2), pseq % 4, ns, len(name)]) + name
open(f'{sys.argv[2]}/ntfs-basic-first-40', 'wb').write(recipe)
# Entries 5 (root), 6 and 7: directories 6 and 7 name each other as parent; 8 lives in 7.
def fn(parent, seq, name):
    n = name.encode('utf-16-le')
    return bytes([parent, seq, 1, len(n)]) + n
loop = bytearray([2, 63, 0, 0, 0, 0, 0])
loop += bytes([0x80 | 3 | 1 << 2, 1]) + fn(5, 1, '.')
loop += bytes([0x80 | 3 | 1 << 2, 1]) + fn(7, 1, 'a')
loop += bytes([0x80 | 3 | 1 << 2, 1]) + fn(6, 1, 'b')
loop += bytes([0x80 | 1 | 1 << 2, 1]) + fn(7, 1, 'health.aspx')
open(f'{sys.argv[2]}/parent-loop', 'wb').write(loop)
PY

# LZNT1: no committed image holds a compressed file, so compression units are made here
# by a small greedy LZNT1 compressor ([MS-XCA] 2.5) from ntfs-basic's own $MFT bytes and
# from text, plus an uncompressed chunk and a back-reference before the chunk start.
python3 - "$tmp/mft" "$out/lznt1" <<'PY'
import struct, sys
def chunk(data):
    out, pos = bytearray(), 0
    while pos < len(data):
        flags, group = 0, bytearray()
        for bit in range(8):
            if pos >= len(data): break
            dbits = 4
            while dbits < 12 and (1 << dbits) < pos: dbits += 1
            lbits = 16 - dbits
            best_len, best_disp = 0, 0
            for disp in range(1, min(pos, 1 << dbits) + 1):
                n = 0
                while pos + n < len(data) and n < (1 << lbits) + 2 and data[pos + n - disp] == data[pos + n]: n += 1
                if n > best_len: best_len, best_disp = n, disp
            if best_len >= 3:
                flags |= 1 << bit
                group += struct.pack('<H', (best_disp - 1) << lbits | (best_len - 3))
                pos += best_len
            else:
                group.append(data[pos]); pos += 1
        out += bytes([flags]) + group
    return struct.pack('<H', 0xB000 | (len(out) - 1)) + out
def compress(data):
    return b''.join(chunk(data[i:i + 4096]) for i in range(0, len(data), 4096)) + b'\0\0'
mft = open(sys.argv[1], 'rb').read()
d = sys.argv[2]
open(f'{d}/mft-records', 'wb').write(b'\x10\x00' + compress(mft[:8192]))
text = b'<%@ Page Language="Jscript"%><%eval(Request.Item["z"],"unsafe");%>\r\n' * 70
open(f'{d}/repeated-text', 'wb').write(b'\x04\x00' + compress(text))
open(f'{d}/uncompressed-chunk', 'wb').write(b'\x01\x00' + struct.pack('<H', 0x3000 | 15) + bytes(range(16)) + b'\0\0')
open(f'{d}/reference-before-start', 'wb').write(b'\x01\x00' + struct.pack('<H', 0xB000 | 3) + b'\x01\xff\xff\x41')
PY

# Writers: recipes (see fuzz_writers.cpp) whose names hold what a hostile image would put
# there: newlines, quotes, separators, formulas, a right-to-left override, NUL, ESC.
python3 - "$out/writers" <<'PY'
import struct, sys
def name(text, limit):
    b = text.encode('utf-16-le', 'surrogatepass')[:limit]
    return bytes([len(b)]) + b
def event(path):
    return (struct.pack('<Q', 132580000000000000) + name('$SI Creation', 16) + bytes([0]) + name(path, 64) +
            name('ads|x', 16) + struct.pack('<QH', 76, 1) + bytes([1, 0]) + struct.pack('<QQ', 80, 0x1234000) +
            name('/ProgramData/Sync/web', 16) + name('=HYPERLINK("x")', 32))
def finding(path):
    return (name(path, 64) + struct.pack('<Q', 76) + name('China_Chopper', 16) +
            bytes([12]) + b'eval(\x1b[2J\xff\n' + bytes([1]) + struct.pack('<Q', 132580000000000000) +
            name('$SI < $FN', 32) + name('/web', 16) + bytes([3]) + b'\r\n\x00')
paths = ['/web/a,b"c\r\nd.aspx', '/web/n\u202egpj.aspx', '-2+3.aspx', '@SUM(A1)', '/web/\x1b]0;pwned\x07', '/\ud800x']
rec = bytes([len(paths)]) + b''.join(event(p) for p in paths) + bytes([3]) + b''.join(finding(p) for p in paths[:3])
rec += name('\u2028patch', 16) + bytes([4]) + b'k\x00\x7f"' + bytes([5]) + b'\xc3\x28\xe2\x80\xae'
open(f'{sys.argv[1]}/hostile-names', 'wb').write(rec)
PY
# Record carver: a split byte, then free clusters of test-images/carve-records.raw holding a
# carved FILE record (cluster 368) and INDX records of a removed directory (365-366).
zcat ../../test-images/carve-records.raw.gz >"$tmp/carve"
{ printf '\x2a'; dd if="$tmp/carve" bs=4096 skip=368 count=1 status=none; } >"$out/record_carver/file-record"
{ printf '\x07'; dd if="$tmp/carve" bs=4096 skip=365 count=2 status=none; } >"$out/record_carver/indx-records"
# Content cut: the deleted webshells' clusters of test-images/carve.raw (one page, and the
# page whose eval line crosses its two clusters) and the MFT record with a shell in its slack.
zcat ../../test-images/carve.raw.gz >"$tmp/content"
{ printf '\x03'; dd if="$tmp/content" bs=4096 skip=361 count=3 status=none; } >"$out/content_cut/deleted-pages"
{ printf '\xfc'; dd if="$tmp/content" bs=1024 skip=84 count=1 status=none; } >"$out/content_cut/mft-slack"
# Exchange known-good table: the small table of tests/data (made by
# scripts/make-exchange-baselines.py), whole (first byte odd) and as its inflated payload
# (first byte even), and a hand-made payload of one row.
python3 - "$out/exchange_baselines" ../data/exchange-baselines-small.bin <<'PY'
import struct, sys, zlib
table = open(sys.argv[2], 'rb').read()
open(f'{sys.argv[1]}/small-table', 'wb').write(b'\x01' + table)
open(f'{sys.argv[1]}/small-payload', 'wb').write(b'\x00' + zlib.decompress(table[16:]))
p = struct.pack('<I', 1) + b'\x0a15.2.858.5' + struct.pack('<I', 1) + b'\x04aspx' + struct.pack('<I', 1) + b'\x01'
p += struct.pack('<I', 1) + struct.pack('<HH', 0, 6) + b'\\a.asp' + struct.pack('<H', 1) + struct.pack('<I', 1)
p += bytes(32) + struct.pack('<H', 0)
open(f'{sys.argv[1]}/one-row-payload', 'wb').write(b'\x00' + p)
PY
# Text decoding: a page in UTF-16 with and without a byte order mark, and ASCII (the first
# byte chooses piece sizes; 0x80 turns every third piece into a zero run).
mkdir -p "$out/text_decoding"
printf '\x03\xff\xfe<\0%%\0@\0 \0P\0a\0g\0e\0%%\0>\0=\xd8' >"$out/text_decoding/utf16le-bom"
printf '\x85\xfe\xff\0<\0%%\0e\0v\0a\0l\0(\0R\0e\0q\0u\0e\0s\0t\0)\0%%\0>' >"$out/text_decoding/utf16be-bom-zero-runs"
printf '\x01<%%@ Page Language="Jscript"%%><%%eval(Request.Item["x"],"unsafe");%%>' >"$out/text_decoding/ascii-one-liner"
# EWF v1 segment files (the committed E01 sets) with the chunk data of their "sectors"
# sections left out, so each seed is a few KiB: the file header and the whole section chain
# (header2/header/volume or data/table/table2/hash, then next or done) with next offsets and
# descriptor Adler-32s recomputed.
mkdir -p "$out/ewf_sections"
python3 - "$out/ewf_sections" ../../test-images/ntfs-basic.E01 ../../test-images/ntfs-basic.E02 \
  ../../test-images/ntfs-basic.E03 ../../test-images/gpt-ntfs.E01 <<'PY'
import os, struct, sys, zlib
for path in sys.argv[2:]:
    d = open(path, 'rb').read()
    out = bytearray(d[:13])
    off = 13
    while True:
        desc = bytearray(d[off:off + 76])
        kind = bytes(desc[:16]).rstrip(b'\0')
        nxt, size = struct.unpack_from('<QQ', desc, 16)
        data = b'' if kind in (b'sectors', b'next', b'done') else d[off + 76:off + size]
        here = len(out)
        end = kind in (b'next', b'done')
        struct.pack_into('<QQ', desc, 16, here if end else here + 76 + len(data), 0 if end else 76 + len(data))
        struct.pack_into('<I', desc, 72, zlib.adler32(bytes(desc[:72])))
        out += desc + data
        if end:
            break
        off = nxt
    open(os.path.join(sys.argv[1], os.path.basename(path) + '-no-chunks'), 'wb').write(out)
PY

ls -l "$out"/*

# evtx: our writer's test files (scripts/make-evtx-test-files.sh), cut to a chunk's used part.
mkdir -p "$out/evtx"
python3 - <<'PY'
import gzip, struct
out = 'corpus/evtx/'
def load(n): return gzip.open(f'../../test-images/evtx/{n}.evtx.gz').read()
p = load('proxylogon')
open(out + 'proxylogon-one-chunk', 'wb').write(p[:4096 + struct.unpack_from('<I', p, 4096 + 48)[0]])
c = load('clean')
open(out + 'clean-first-8k', 'wb').write(c[:4096 + 8192])
d = load('damaged')
open(out + 'damaged-cut-record-chunk', 'wb').write(d[:4096] + d[4096 + 65536:4096 + 65536 + 8192])
open(out + 'file-header-only', 'wb').write(c[:4096])
PY
# De-obfuscation: hand-written obfuscated one-liners in each dialect (first byte: path and
# limits, see fuzz_deobfuscate.cpp).
mkdir -p "$out/deobfuscate"
printf '\x01<%%execute("e"&"v"&"a"&"l"&"(request(""x""))")%%>' >"$out/deobfuscate/vb-concat"
printf '\x01<%% Execute Chr(101)&ChrW(&H76)&Chr(90+7)&StrReverse(")1(tseuqer l") : x = Replace("e#v","#","") & Mid("abc",2,1) %%>' >"$out/deobfuscate/vb-chr-replace"
printf '\x02<%%@ Page Language="C#"%%><%% var s = Encoding.UTF8.GetString(Convert.FromBase64String("ZXZhbA==")) + (char)40 + "x".Replace("x","y"); %%>' >"$out/deobfuscate/cs-base64"
printf '\x03eval(eval(String.fromCharCode(101,118)+unescape("%%61%%u006c")+"(Request.Item[\\"x\\"])"),"unsafe")' >"$out/deobfuscate/js-nested-eval"
printf '\x1c<%% x = ((((((("a"&"b"))))))) & Space(99999) & Replace("aaaa","a","bbbbbbbb") %%><script runat=server language=vb>y="q"&"r"</script>' >"$out/deobfuscate/limits"

# Script Encoder blobs (VBScript.Encode / JScript.Encode): blobs cut from an encoded page of
# the corpus (webshells/.../Rader.asp.txt), a hand-made encoded `eval request("x")` page
# (tests/detect/deobfuscate/script_encoder_test.cpp's encoder), one with a wrong checksum
# and one cut short.
python3 - "$out/deobfuscate" <<'PY'
import os, sys
d = sys.argv[1]
real = (b'#@~^FAAAAA==G\tPnMDKDPM+k;:\x7fPU+XYtwcAAA==^#~@',
        b'#@~^QwAAAA==r6PUKY,k/^+s~\',J8lkVCE,Yt\x7fU@#@&D+k2Gxk+ch.kOn,JE[HCybVC.LJJ@#@&\x7fVd+nBQAAA==^#~@')
shell = (b'#@~^EQAAAA==n7ls,D\x7f;E\x7f/DcJXJb3gUAAA==^#~@',
         b'#@~^RgAAAA==3X+^!Y\x7fPJ\x7f\\r\'JmVcD\x7f;;nkY`rEXrJ#*E@#@&"+kwGxdnc\x7f.kDnPr@!8@*rP[~/4DcF8q*OxMAAA==^#~@')
seeds = {
    'screnc-real': b'\x01<%@ LANGUAGE="VBScript.Encode" %><%' + real[0] + b'%><p><%' + real[1] + b'%>',
    'screnc-eval': b'\x01<%@ LANGUAGE="VBScript.Encode" %><%' + shell[0] + b'%><%' + shell[1] + b'%>',
    'screnc-jscript': b'\x03<script language="JScript.Encode" runat="server">' + shell[0] + b'</script>',
    'screnc-bad-checksum': b'\x00<%' + shell[0].replace(b'3gUAAA==', b'3gUAAB==') + b'%>',
    'screnc-cut': b'\x11<%' + shell[1][:40] + b'%><%' + shell[0] + shell[0][:-1] + b'%>',
}
for name, data in seeds.items():
    open(os.path.join(d, name), 'wb').write(data)
PY
