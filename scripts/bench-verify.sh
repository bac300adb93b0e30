#!/usr/bin/env bash
# Benchmarks `shellcarve verify` against ewfverify (and md5sum on the raw media) on one
# multi-GiB E01 built once and cached outside the repository.
#
# The media (default 3.5 GiB, BENCH_GIB=N.N to change) mixes what a seized server disk holds:
#   * a 1 GiB NTFS volume (mkntfs) filled with real files through ntfscp (a tar of
#     /usr/share and /usr/lib: text, HTML, libraries -- compressible),
#   * executables and libraries concatenated (/usr/bin, /usr/lib: partly compressible),
#   * random data (like encrypted or already-compressed files: incompressible),
#   * zeros (never-written space), one quarter of a GiB;
# acquired with ewfacquire (EnCase 6, deflate "fast", 1.4 GiB segments, MD5 + SHA-1 stored),
# as examiners usually acquire. Zero chunks alone would compress to nothing and make the
# test meaningless, hence the mix.
#
# Each tool runs once to warm the page cache, then RUNS (default 3) times alternately;
# the best and median wall-clock seconds, MB/s over the media size and the peak RSS
# (/usr/bin/time) are printed, with the ratio ewfverify / shellcarve (> 1: we are faster).
# ewfverify is timed twice: as examiners run it (MD5 only) and with -d sha1,sha256, the same
# three digests shellcarve computes.
#
# Usage: scripts/bench-verify.sh [BUILD_DIR]   (default build/; the build is made if absent)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cache=${SHELLCARVE_BENCH_DIR:-/var/tmp/shellcarve-bench/verify}
gib=${BENCH_GIB:-3.5}
runs=${RUNS:-3}
export PATH="$PATH:/usr/sbin:/sbin"

for tool in ewfacquire ewfverify mkntfs ntfscp md5sum /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-verify: $tool is missing (scripts/setup.sh)" >&2; exit 2; }
done
[ -x "$build/shellcarve" ] || scripts/build.sh "$build"
shellcarve=$(realpath "$build/shellcarve")

mkdir -p "$cache"
raw="$cache/media-${gib}g.raw"
e01="$cache/media-${gib}g"
if [ ! -f "$e01.E01" ] || [ ! -f "$raw.done" ]; then
  echo "bench-verify: building the ${gib} GiB test media in $cache (once)..." >&2
  rm -f "$raw" "$raw.done" "$e01".E*
  total=$(python3 -c "print(int($gib * 1024**3) // 1048576)")  # MiB
  ntfs_mib=1024
  zero_mib=256
  rest=$(( total - ntfs_mib - zero_mib ))
  (( rest > 0 )) || { echo "bench-verify: BENCH_GIB too small (min 1.5)" >&2; exit 2; }
  bin_mib=$(( rest / 2 ))
  rand_mib=$(( rest - bin_mib ))

  work="$cache/work"
  rm -rf "$work"; mkdir -p "$work"
  truncate -s ${ntfs_mib}M "$work/ntfs.img"
  mkntfs -F -Q -q -L BENCH "$work/ntfs.img" 2>/dev/null
  tar -cf "$work/share.tar" /usr/share 2>/dev/null || true
  tar -cf "$work/lib.tar" /usr/lib/x86_64-linux-gnu 2>/dev/null || true
  for f in share.tar lib.tar; do
    ntfscp -f "$work/ntfs.img" "$work/$f" "/$f" >/dev/null 2>&1 || true
  done
  {
    cat "$work/ntfs.img"
    # Executables and libraries, in name order, repeated until bin_mib MiB.
    python3 - "$(( bin_mib * 1048576 ))" <<'PY'
import os, sys
want = int(sys.argv[1]); out = sys.stdout.buffer
files = sorted(os.path.join(d, f) for root in ("/usr/bin", "/usr/lib/x86_64-linux-gnu")
               for d, _, names in os.walk(root) for f in names)
files = [f for f in files if os.path.isfile(f) and not os.path.islink(f) and os.path.getsize(f) > 16384]
while want > 0:
    for f in files:
        data = open(f, "rb").read(want)
        out.write(data); want -= len(data)
        if want <= 0: break
PY
    head -c $(( rand_mib * 1048576 )) /dev/urandom
    head -c $(( zero_mib * 1048576 )) /dev/zero
  } > "$raw"
  rm -rf "$work"
  ewfacquire -u -q -c fast -f encase6 -d sha1 -S 1.4GiB -C BENCH -E 1 -e bench \
    -D "bench media" -N "scripts/bench-verify.sh" -t "$e01" "$raw" >/dev/null
  touch "$raw.done"
fi

size=$(stat -c %s "$raw")
echo "media: $raw ($size bytes); E01 set: $(ls "$e01".E* | wc -l) segment(s), $(du -cb "$e01".E* | tail -1 | cut -f1) bytes" >&2

# name|command
tools=(
  "shellcarve verify E01|$shellcarve verify $e01.E01"
  "ewfverify E01 (MD5)|ewfverify -q $e01.E01"
  "ewfverify -d sha1,sha256 E01|ewfverify -q -d sha1,sha256 $e01.E01"
  "shellcarve verify raw|$shellcarve verify $raw"
  "md5sum raw|md5sum $raw"
)

declare -A times mems
for entry in "${tools[@]}"; do
  cmd=${entry#*|}
  $cmd >/dev/null 2>&1 || true  # warm the page cache
done
for (( r = 0; r < runs; r++ )); do
  for entry in "${tools[@]}"; do
    name=${entry%%|*}; cmd=${entry#*|}
    /usr/bin/time -o "$cache/time.out" -f "%e %M" $cmd >/dev/null 2>&1 || true
    out=$(tail -1 "$cache/time.out")
    times[$name]+="${out% *} "
    mems[$name]+="${out#* } "
  done
done

python3 - "$size" "$runs" <<EOF
import statistics, sys
size = int(sys.argv[1]); runs = int(sys.argv[2])
rows = []
$(for entry in "${tools[@]}"; do name=${entry%%|*}; echo "rows.append(('$name', [float(x) for x in '${times[$name]}'.split()], [int(x) for x in '${mems[$name]}'.split()]))"; done)
print(f"{'tool':32} {'best s':>8} {'median s':>9} {'MB/s':>8} {'peak MiB':>9}")
best = {}
for name, t, m in rows:
    best[name] = min(t)
    print(f"{name:32} {min(t):8.2f} {statistics.median(t):9.2f} {size / min(t) / 1e6:8.0f} {max(m) / 1024:9.1f}")
sc = best['shellcarve verify E01']
print()
print(f"ratio ewfverify (MD5) / shellcarve (MD5+SHA-1+SHA-256):  {best['ewfverify E01 (MD5)'] / sc:.2f}")
print(f"ratio ewfverify -d sha1,sha256 / shellcarve (same work): {best['ewfverify -d sha1,sha256 E01'] / sc:.2f}")
print(f"ratio md5sum raw / shellcarve raw:                       {best['md5sum raw'] / best['shellcarve verify raw']:.2f}")
print(f"({runs} runs each after one warm-up; {size} bytes of media; $(nproc) cores)")
EOF
