#!/usr/bin/env bash
# bench-scan-memory.sh -- benchmark (not a test) of `shellcarve scan`'s memory against the
# number of files in the web roots and the number of flagged large files (issue "Nothing
# silent", item 13: flagged content held until the end, 4-6 KB per web-root file).
#
#   scripts/bench-scan-memory.sh   build the volumes once (cached), build shellcarve if
#                                  needed, scan each, print a table and the slopes
#
# Two series of NTFS volumes, built with mkntfs + ntfs-3g (root and FUSE, the helpers of
# make-test-images.sh under a frozen fake clock) and cached:
#   files-N    N small pages (.aspx, .html, 300-700 bytes: resident) under
#              inetpub/wwwroot/siteS/D/, 200 a folder, plus 8 one-line webshells
#              (each its own key, so each is its own evidence file);
#   flagged-K  1,000 small pages plus K flagged pages of BIG_MIB MiB each (HTML with a
#              one-liner at the end, each its own key), K in FLAGGED.
# For each volume: `shellcarve scan` (carving on, --no-hash: the hashing pass reads the
# image and costs no memory), `shellcarve ls --bodyfile` (the MFT summary alone) and the
# peer, `fls -r -m /` (The Sleuth Kit lists names; it does not scan content, and yara -r
# cannot read a volume without mounting it), each under `/usr/bin/time -v`: wall time,
# peak RSS, MFT records/s. Then the slopes: scan's peak RSS per web-root file and ls's per
# MFT record between the smallest and largest files-N, and scan's per flagged large file
# between the smallest and largest flagged-K.
#
# Environment:
#   SHELLCARVE_BENCH_DIR      cache of the volumes (default /var/tmp/shellcarve-bench)
#   SHELLCARVE_BENCH_SIZES    web-root file counts  (default "10000 50000 100000")
#   SHELLCARVE_BENCH_FLAGGED  flagged large files   (default "0 16")
#   SHELLCARVE_BENCH_BIG_MIB  size of each of them  (default 15: under the 16 MiB a scanner
#                             keeps of one object, the case where content was held)
#   SHELLCARVE_BIN            shellcarve to measure (default build/shellcarve, built with
#                             scripts/build.sh when missing or out of date)
#   SHELLCARVE_BENCH_BUILD_ONLY=1  build the volumes, measure nothing
set -euo pipefail
export LC_ALL=C TZ=UTC

BENCH_SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_REPO_DIR=$(cd "$BENCH_SCRIPT_DIR/.." && pwd)
BENCH_DIR=${SHELLCARVE_BENCH_DIR:-/var/tmp/shellcarve-bench}
SIZES=${SHELLCARVE_BENCH_SIZES:-"10000 50000 100000"}
FLAGGED=${SHELLCARVE_BENCH_FLAGGED:-"0 16"}
BIG_MIB=${SHELLCARVE_BENCH_BIG_MIB:-15}
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

# The image helpers (at, mkfs_ntfs, ntfs_mount, ntfs_umount, die, log; WORK, MNT, cleanup).
MAKE_TEST_IMAGES_HELPERS_ONLY=1 source "$BENCH_SCRIPT_DIR/make-test-images.sh" "$BENCH_DIR"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"

# build_volume NAME SMALL_PAGES BIG_PAGES (scripts/lib/bench-web-volume.sh)
source "$BENCH_SCRIPT_DIR/lib/bench-web-volume.sh"

for n in $SIZES; do build_volume "scanmem-files-$n" "$n" 0; done
for k in $FLAGGED; do build_volume "scanmem-flagged-$k-${BIG_MIB}m" 1000 "$k"; done
[ "${SHELLCARVE_BENCH_BUILD_ONLY:-0}" = 1 ] && exit 0

if [ -n "${SHELLCARVE_BIN:-}" ]; then
    SHELLCARVE=$SHELLCARVE_BIN
else
    SHELLCARVE=$BENCH_REPO_DIR/build/shellcarve
    log "building shellcarve (scripts/build.sh)"
    "$BENCH_SCRIPT_DIR/build.sh" >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "scripts/build.sh failed"; }
fi
[ -x "$SHELLCARVE" ] || die "no shellcarve binary at $SHELLCARVE"

declare -A SECS RSS
# measure KEY CMD...: one run under /usr/bin/time -v, stdout discarded (scan exits 1 when
# it finds something, which these volumes always hold)
measure() {
    local key=$1 tv=$WORK/$1.time
    shift
    /usr/bin/time -v -o "$tv" "$@" >/dev/null 2>"$WORK/$key.err" || {
        local rc
        rc=$(sed -n 's/.*Exit status: //p' "$tv")
        [ "$rc" = 1 ] || { tail -5 "$WORK/$key.err" >&2; die "$key: '$*' failed (exit $rc)"; }
    }
    SECS[$key]=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$tv")
    RSS[$key]=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2}' "$tv")  # KiB
}

declare -A RECORDS
run_volume() {
    local name=$1 raw=$BENCH_DIR/$1.raw
    cat "$raw" >/dev/null
    rm -rf "$WORK/case-$name"
    measure "scan-$name" "$SHELLCARVE" scan "$raw" --out "$WORK/case-$name" --no-hash
    measure "ls-$name" "$SHELLCARVE" ls --bodyfile "$raw"
    fls -r -m / "$raw" >"$WORK/fls-$name.body"
    measure "fls-$name" fls -r -m / "$raw"
    RECORDS[$name]=$(( $(awk -F'|' '$2 == "/$MFT" {print $7; exit}' "$WORK/fls-$name.body") / 1024 ))
    log "$name: scan ${SECS[scan-$name]} s ${RSS[scan-$name]} KiB; ls ${SECS[ls-$name]} s ${RSS[ls-$name]} KiB;" \
        "fls ${SECS[fls-$name]} s ${RSS[fls-$name]} KiB; $(ls "$WORK/case-$name/evidence" | wc -l) evidence files"
}

log "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
for n in $SIZES; do run_volume "scanmem-files-$n"; done
for k in $FLAGGED; do run_volume "scanmem-flagged-$k-${BIG_MIB}m"; done

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }
slope() { awk -v r1="$1" -v r2="$2" -v n1="$3" -v n2="$4" 'BEGIN { if (n2 != n1) printf "%.0f", (r2 - r1) * 1024 / (n2 - n1); else print "n/a" }'; }

echo
echo "shellcarve scan memory (issue 18 item 13): $SHELLCARVE ($(git -C "$BENCH_REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "  peer: fls -r -m / ($(fls -V 2>&1 | head -1)); $(nproc) CPUs; peak RSS from /usr/bin/time -v"
printf '%-28s %9s %9s %10s %10s %9s %9s %10s %9s\n' volume records scan_s scan_MiB scan_rec/s ls_MiB fls_s fls_MiB scan/fls
for name in $(for n in $SIZES; do echo "scanmem-files-$n"; done; for k in $FLAGGED; do echo "scanmem-flagged-$k-${BIG_MIB}m"; done); do
    printf '%-28s %9s %9s %10s %10s %9s %9s %10s %9s\n' "$name" "${RECORDS[$name]}" "${SECS[scan-$name]}" \
        "$((RSS[scan-$name] / 1024))" "$(rate "${RECORDS[$name]}" "${SECS[scan-$name]}")" "$((RSS[ls-$name] / 1024))" \
        "${SECS[fls-$name]}" "$((RSS[fls-$name] / 1024))" "$(ratio "${SECS[scan-$name]}" "${SECS[fls-$name]}")x"
done
read -r -a sizes <<<"$SIZES"
read -r -a flagged <<<"$FLAGGED"
if [ "${#sizes[@]}" -ge 2 ]; then
    first=scanmem-files-${sizes[0]} last=scanmem-files-${sizes[-1]}
    records=$(( RECORDS[$last] - RECORDS[$first] ))
    echo "scan: $(slope "${RSS[scan-$first]}" "${RSS[scan-$last]}" "${sizes[0]}" "${sizes[-1]}") bytes of peak RSS per web-root file" \
         "($(slope "${RSS[scan-$first]}" "${RSS[scan-$last]}" 0 "$records") per MFT record); ls --bodyfile:" \
         "$(slope "${RSS[ls-$first]}" "${RSS[ls-$last]}" 0 "$records") per MFT record;" \
         "fls: $(slope "${RSS[fls-$first]}" "${RSS[fls-$last]}" 0 "$records") per MFT record" \
         "(${sizes[0]} -> ${sizes[-1]} files)"
fi
if [ "${#flagged[@]}" -ge 2 ]; then
    first=scanmem-flagged-${flagged[0]}-${BIG_MIB}m last=scanmem-flagged-${flagged[-1]}-${BIG_MIB}m
    echo "scan: $(slope "${RSS[scan-$first]}" "${RSS[scan-$last]}" "${flagged[0]}" "${flagged[-1]}") bytes of peak RSS per" \
         "flagged ${BIG_MIB} MiB file (${flagged[0]} -> ${flagged[-1]} files)"
fi
