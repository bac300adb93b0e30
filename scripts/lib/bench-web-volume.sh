# bench-web-volume.sh -- sourced by the scan benchmarks (bench-scan-memory.sh, bench-scan.sh):
# build_volume NAME SMALL_PAGES BIG_PAGES caches $BENCH_DIR/NAME.raw, an NTFS volume whose
# web root holds SMALL_PAGES small pages (.aspx/.html, 200 a folder), 8 one-line webshells and
# BIG_PAGES flagged pages of BIG_MIB MiB. Needs the helpers of make-test-images.sh (at,
# mkfs_ntfs, ntfs_mount, ntfs_umount, log; MNT) and BENCH_DIR, BIG_MIB set by the caller.
# build_volume NAME SMALL_PAGES BIG_PAGES: the cached raw volume $BENCH_DIR/NAME.raw
build_volume() {
    local name=$1 small=$2 big=$3 raw=$BENCH_DIR/$1.raw
    [ -s "$raw" ] && { log "cached: $raw"; return 0; }
    local tmp=$raw.partial
    # 1 KiB of $MFT and under 1 KiB of index per page, the big pages, and room to spare.
    local mib=$(( 256 + small * 4 / 1024 + big * (BIG_MIB + 1) ))
    log "$name: mkntfs (${mib} MiB), $small pages, $big flagged ${BIG_MIB} MiB pages"
    at "2024-03-01 08:00:00"
    mkfs_ntfs "$tmp" "${mib}M" BENCH 0
    ntfs_mount "$tmp"
    at "2024-03-01 09:00:00"
    python3 - "$MNT/inetpub/wwwroot" "$small" "$big" "$BIG_MIB" <<'PYEOF'
import os, random, sys
root, small, big, big_mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(20240301)
shell = lambda key: f'<%@ Page Language="Jscript"%><%eval(Request.Item["{key}"],"unsafe");%>'.encode()
for i in range(small):
    folder = os.path.join(root, f"site{i // 20000}", f"{(i // 200) % 100:02d}")
    if i % 200 == 0:
        os.makedirs(folder, exist_ok=True)
    ext = "aspx" if i % 3 else "html"
    body = f"<html><head><title>page {i}</title></head><body>".encode()
    body += b"<p>" + b"generated page text " * rng.randint(12, 30) + b"</p></body></html>\r\n"
    with open(os.path.join(folder, f"page{i}.{ext}"), "wb") as f:
        f.write(body)
shells = os.path.join(root, "uploads")
os.makedirs(shells, exist_ok=True)
for k in range(8):
    with open(os.path.join(shells, f"small{k}.aspx"), "wb") as f:
        f.write(shell(f"small{k}"))
line = b"<tr><td>row of a very long generated report</td><td>nothing to see here, move along!!!!!</td></tr>\r\n"
for k in range(big):
    with open(os.path.join(shells, f"big{k}.aspx"), "wb") as f:
        for _ in range(big_mib * 1024 * 1024 // len(line) - 1):
            f.write(line)
        f.write(b"\r\n" + shell(f"big{k}") + b"\r\n")
PYEOF
    ntfs_umount
    mv "$tmp" "$raw"
    log "$name: built"
}

