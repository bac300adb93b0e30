#!/usr/bin/env bash
# bench-carve.sh -- benchmark (not a test) for the carving speed goal of issue 6: the
# carving pass over a volume must be at least 3x faster than `yara` with the same rules over
# the raw image, and within 1.5x of `cat image > /dev/null`. All three run in the same run,
# on the same page-cache-warm image.
#
#   scripts/bench-carve.sh      time cat, yara and `shellcarve carve` on the cached
#                               500k-file volume and print seconds, MB/s, ratios, peak RSS
#
# The volume is the one scripts/bench-ls.sh builds and caches (it is reused, never rebuilt
# here). Environment:
#   SHELLCARVE_BENCH_DIR    cache of the images   (default /var/tmp/shellcarve-bench)
#   SHELLCARVE_BENCH_FILES  files in the volume   (default 500000; selects the cache name)
#   SHELLCARVE_BIN          shellcarve to time    (default build/shellcarve, built if needed)
#
# Method: `cat` once to warm the page cache, then each command once untimed (warm binary,
# output kept for the record) and SHELLCARVE_BENCH_RUNS times (default 3) under
# /usr/bin/time -v; the fastest run is reported. MB/s is the image's size
# (10^6 bytes) over wall time, for every tool, so the rates compare the same work: the
# whole image. yara maps the image and scans all of it with every rule; shellcarve reads
# the free clusters (on every core), pre-filters them for server-side markers and runs the
# rules on the objects around them, then scans file and MFT record slack.
set -euo pipefail
export LC_ALL=C TZ=UTC

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
BENCH_DIR=${SHELLCARVE_BENCH_DIR:-/var/tmp/shellcarve-bench}
RAW=$BENCH_DIR/server-ntfs-${SHELLCARVE_BENCH_FILES:-500000}.raw

fail() { echo "bench-carve: error: $*" >&2; exit 2; }
note() { echo "bench-carve: $*" >&2; }
[ -s "$RAW" ] || fail "no cached volume at $RAW: run SHELLCARVE_BENCH_LAYOUT=ordered scripts/bench-ls.sh once to build it"
[ -x /usr/bin/time ] || fail "/usr/bin/time not found (apt-get install time)"
command -v yara >/dev/null || fail "yara not found (scripts/setup.sh installs the Debian package yara)"

SHELLCARVE=${SHELLCARVE_BIN:-$REPO_DIR/build/shellcarve}
if [ -z "${SHELLCARVE_BIN:-}" ]; then
    note "building shellcarve (scripts/build.sh)"
    "$SCRIPT_DIR/build.sh" >/dev/null 2>&1 || [ -x "$SHELLCARVE" ] || fail "scripts/build.sh failed"
fi
[ -x "$SHELLCARVE" ] || fail "no shellcarve at $SHELLCARVE"

OUT=$(mktemp -d /tmp/bench-carve.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
# Each file in its own namespace (its stem), as shellcarve compiles them.
RULES=()
for f in "$REPO_DIR"/rules/*.yar; do RULES+=("$(basename "$f" .yar):$f"); done
# External variables the rules may test; an image has no file name.
YARA_DEFS=(-d filename= -d filepath= -d extension= -d filetype= -d owner=)
SIZE=$(stat -c %s "$RAW")

RUNS=${SHELLCARVE_BENCH_RUNS:-3}
declare -A WALL CPU RSS
# measure NAME CMD...: one untimed run (output to $OUT/NAME.out), then $RUNS timed with
# time -v; the fastest counts (the machine is shared: slower runs measure the neighbours).
measure() {
    local name=$1 run wall cpu rss
    shift
    "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || [ $? = 1 ] || { cat "$OUT/$name.err" >&2; fail "$name failed"; }
    for run in $(seq 1 "$RUNS"); do
        /usr/bin/time -v -o "$OUT/$name.time" "$@" >/dev/null 2>&1 || [ $? = 1 ] || fail "$name (timed) failed"
        read -r wall cpu rss < <(awk -F': ' '
            /Elapsed \(wall clock\)/ { n = split($2, p, ":"); for (i = 1; i <= n; i++) w = w * 60 + p[i] }
            /User time|System time/  { c += $2 }
            /Maximum resident set size/ { r = $2 / 1024 }
            END { printf "%.2f %.2f %.0f\n", w, c, r }' "$OUT/$name.time")
        note "$name run $run: $wall s wall, $cpu s cpu, $rss MiB peak RSS"
        if [ -z "${WALL[$name]:-}" ] || awk -v a="$wall" -v b="${WALL[$name]}" 'BEGIN { exit !(a < b) }'; then
            WALL[$name]=$wall CPU[$name]=$cpu RSS[$name]=$rss
        fi
    done
}

note "warming the page cache: cat $RAW > /dev/null"
cat "$RAW" >/dev/null
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
note "load average before timing: $LOAD ($(nproc) CPUs; other jobs skew wall times)"
measure cat cat "$RAW"
measure yara yara "${YARA_DEFS[@]}" "${RULES[@]}" "$RAW"
measure carve "$SHELLCARVE" carve "$RAW"
measure carve-unalloc "$SHELLCARVE" carve --no-slack "$RAW"

mbps() { awk -v b="$SIZE" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", b / 1e6 / s; else print "inf" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }

echo
echo "carving pass vs yara vs cat (issue 6)"
echo "  image: $RAW ($(du -h --apparent-size "$RAW" | cut -f1) apparent, $(du -h "$RAW" | cut -f1) on disk)"
echo "  shellcarve: $SHELLCARVE ($(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')); $(yara -v | head -1 | sed 's/^/yara /'); ${#RULES[@]} rule files; $(nproc) CPUs"
echo "  shellcarve carve: $(grep -h 'shellcarve: carved' "$OUT/carve.err" | sed 's/^shellcarve: //')"
echo "  best of $RUNS runs each; load average before timing: $LOAD"
echo
printf '%-26s %8s %8s %8s %8s\n' command seconds cpu_s MB/s rss_MiB
for name in cat yara carve carve-unalloc; do
    case $name in
        cat) label="cat image > /dev/null" ;;
        yara) label="yara rules/*.yar image" ;;
        carve) label="shellcarve carve" ;;
        carve-unalloc) label="shellcarve carve --no-slack" ;;
    esac
    printf '%-26s %8s %8s %8s %8s\n' "$label" "${WALL[$name]}" "${CPU[$name]}" "$(mbps "${WALL[$name]}")" "${RSS[$name]}"
done
echo
echo "yara / carve = $(ratio "${WALL[yara]}" "${WALL[carve]}")x   (goal >= 3x)"
echo "carve / cat  = $(ratio "${WALL[carve]}" "${WALL[cat]}")x   (goal <= 1.5x)"
echo "unallocated only: yara / carve = $(ratio "${WALL[yara]}" "${WALL[carve-unalloc]}")x, carve / cat = $(ratio "${WALL[carve-unalloc]}" "${WALL[cat]}")x"
