#!/usr/bin/env bash
# bench-scan.sh -- benchmark (not a test) of the whole `shellcarve scan` against what an
# examiner runs by hand for the same answers (issue 15, item 4: a batch is as fast as its
# slowest image, and scan should cost little more than md5sum of the image):
#   md5sum IMAGE                the identity hash (scan computes MD5, SHA-1 and SHA-256, each on
#                               a thread of its own beside the analysis)
#   fls -r -m / IMAGE           The Sleuth Kit's listing (the timeline's input)
#   yara NS:RULES... IMAGE      our rules over the raw image as one blob (yara cannot read files
#                               inside a volume without mounting it; this is its best case)
# Each runs under /usr/bin/time -v after the image is read once with cat (page cache warm for
# all): wall time, CPU time, peak RSS; then scan's ratios to md5sum and to the three together,
# and MFT records/s. `scan --no-hash` shows what the analysis alone costs.
#
#   scripts/bench-scan.sh           build the volume once (cached), build shellcarve if needed
#
# Environment:
#   SHELLCARVE_BENCH_DIR    cache of the volumes (default /var/tmp/shellcarve-bench; the volume
#                           is shared with bench-scan-memory.sh)
#   SHELLCARVE_BENCH_FILES  web-root pages on the volume (default 100000)
#   SHELLCARVE_BIN          shellcarve to measure (default build/shellcarve, built when missing)
#   SHELLCARVE_BENCH_RUNS   timed runs of each command, the fastest kept (default 2)
set -euo pipefail
export LC_ALL=C TZ=UTC

BENCH_SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_REPO_DIR=$(cd "$BENCH_SCRIPT_DIR/.." && pwd)
BENCH_DIR=${SHELLCARVE_BENCH_DIR:-/var/tmp/shellcarve-bench}
NFILES=${SHELLCARVE_BENCH_FILES:-100000}
RUNS=${SHELLCARVE_BENCH_RUNS:-2}
BIG_MIB=15
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

MAKE_TEST_IMAGES_HELPERS_ONLY=1 source "$BENCH_SCRIPT_DIR/make-test-images.sh" "$BENCH_DIR"
source "$BENCH_SCRIPT_DIR/lib/bench-web-volume.sh"
for t in /usr/bin/time fls yara md5sum; do
    command -v "$t" >/dev/null || die "required tool '$t' not found (scripts/setup.sh installs it)"
done

NAME=scanmem-files-$NFILES
RAW=$BENCH_DIR/$NAME.raw
build_volume "$NAME" "$NFILES" 0

if [ -n "${SHELLCARVE_BIN:-}" ]; then
    SHELLCARVE=$SHELLCARVE_BIN
else
    SHELLCARVE=$BENCH_REPO_DIR/build/shellcarve
    log "building shellcarve (scripts/build.sh)"
    "$BENCH_SCRIPT_DIR/build.sh" >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "scripts/build.sh failed"; }
fi
[ -x "$SHELLCARVE" ] || die "no shellcarve binary at $SHELLCARVE"

# One namespace per rule file, as `scan` compiles them, so names may repeat across files.
yara_rules=()
for f in "$BENCH_REPO_DIR"/rules/*.yar; do yara_rules+=("$(basename "$f" .yar):$f"); done

declare -A WALL CPU RSS
# measure KEY CMD...: the fastest of RUNS runs; exit 1 is scan's "findings" and yara's none
measure() {
    local key=$1 tv=$WORK/$1.time best="" run
    shift
    for ((run = 0; run < RUNS; run++)); do
        rm -rf "$WORK/case"
        /usr/bin/time -v -o "$tv" "$@" >/dev/null 2>"$WORK/$key.err" || {
            local rc
            rc=$(sed -n 's/.*Exit status: //p' "$tv")
            [ "$rc" = 1 ] || { tail -5 "$WORK/$key.err" >&2; die "$key: '$*' failed (exit $rc)"; }
        }
        local wall cpu rss
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$tv")
        cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$tv")
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$tv")
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$wall; WALL[$key]=$wall; CPU[$key]=$cpu; RSS[$key]=$rss
        fi
    done
    log "$key: ${WALL[$key]} s wall, ${CPU[$key]} s CPU, ${RSS[$key]} MiB"
}

cat "$RAW" >/dev/null
log "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
measure scan "$SHELLCARVE" scan "$RAW" --out "$WORK/case"
measure scan-no-hash "$SHELLCARVE" scan "$RAW" --out "$WORK/case" --no-hash
measure md5sum md5sum "$RAW"
measure fls fls -r -m / "$RAW"
measure yara yara -w "${yara_rules[@]}" "$RAW"
records=$(( $(fls -r -m / "$RAW" | awk -F'|' '$2 == "/$MFT" && !n++ {print $7}') / 1024 ))

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
peers=$(awk -v a="${WALL[md5sum]}" -v b="${WALL[fls]}" -v c="${WALL[yara]}" 'BEGIN { printf "%.2f", a + b + c }')
echo
echo "shellcarve scan vs md5sum + fls + yara: $NAME ($(du -m --apparent-size "$RAW" | cut -f1) MiB, $records MFT records)"
echo "  $SHELLCARVE ($(git -C "$BENCH_REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')); $(nproc) CPUs; fastest of $RUNS; peak RSS from /usr/bin/time -v"
printf '%-14s %8s %8s %8s %12s\n' command wall_s cpu_s MiB records/s
for k in scan scan-no-hash md5sum fls yara; do
    printf '%-14s %8s %8s %8s %12s\n' "$k" "${WALL[$k]}" "${CPU[$k]}" "${RSS[$k]}" \
        "$(awk -v n="$records" -v s="${WALL[$k]}" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }')"
done
echo "scan / md5sum: $(ratio "${WALL[scan]}" "${WALL[md5sum]}")x;" \
     "scan / (md5sum + fls + yara = ${peers} s): $(ratio "${WALL[scan]}" "$peers")x;" \
     "hashing adds $(awk -v a="${WALL[scan]}" -v b="${WALL[scan-no-hash]}" 'BEGIN { printf "%.2f", a - b }') s to the analysis"
