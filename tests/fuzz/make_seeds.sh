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
mkdir -p "$out"/{mft_record,data_runs,attribute_list,index_record,boot_sector,record_carver,content_cut}

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
ls -l "$out"/*
