#!/usr/bin/env bash
# bench-vss.sh -- benchmark (not a test) for issue 17: listing every Volume Shadow Copy
# store of a volume with `shellcarve ls --vss all --bodyfile` against what one does without
# it, `vshadowmount` (FUSE) then `fls -r -m /` on each store file it exposes. Ours runs with
# --index-slack, so both list the deleted names of the directories' $I30 slack (fls always does).
#
#   scripts/bench-vss.sh        unpack the corpus VSS volumes (cached), time both, print a table
#
# Volumes: the real ones of the shared corpus whose stores are readable from the volume --
# dfir_ntfs vss_2003 (6 stores, Windows Server 2003), msuhanov ntfs-samples ntfs.raw (2),
# plaso vsstest (2). Environment:
#   SHELLCARVE_CORPUS       the shared corpus        (default ../shared/corpus, else /work/shared/corpus)
#   SHELLCARVE_BENCH_DIR    cache of unpacked images (default /var/tmp/shellcarve-bench)
#   SHELLCARVE_BIN          shellcarve to time       (default build/shellcarve, built if needed)
#   SHELLCARVE_BENCH_RUNS   timed runs of each, the fastest reported (default 3)
#
# Method: each side runs once untimed (page cache and binary warm, row counts taken), then
# RUNS times under /usr/bin/time -v with stdout to /dev/null; the fastest wall time, its CPU
# time and peak RSS are reported. The vshadowmount side is timed as one shell running the
# mount, every store's fls and the unmount (peak RSS: the largest of fls's; vshadowmount's
# own daemon is not a child and is left out, which favours it). records/s is the bodyfile
# rows over wall seconds, for both.
set -euo pipefail
export LC_ALL=C TZ=UTC

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
BENCH_DIR=${SHELLCARVE_BENCH_DIR:-/var/tmp/shellcarve-bench}/vss
RUNS=${SHELLCARVE_BENCH_RUNS:-3}
CORPUS=${SHELLCARVE_CORPUS:-}
if [ -z "$CORPUS" ]; then
    for c in "$REPO_DIR/../shared/corpus" /work/shared/corpus; do [ -d "$c/images" ] && CORPUS=$c && break; done
fi

die() { echo "bench-vss: error: $*" >&2; exit 2; }
need() { for t in "$@"; do command -v "$t" >/dev/null 2>&1 || die "required tool '$t' not found (scripts/setup.sh installs it)"; done; }

[ -n "$CORPUS" ] || die "no shared corpus (set SHELLCARVE_CORPUS)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
need fls vshadowmount fusermount tar gzip awk
[ -w /dev/fuse ] || die "/dev/fuse is not usable: vshadowmount needs FUSE"
BIN=${SHELLCARVE_BIN:-$REPO_DIR/build/shellcarve}
if [ -z "${SHELLCARVE_BIN:-}" ]; then "$REPO_DIR/scripts/build.sh" build >/dev/null; fi
[ -x "$BIN" ] || die "no shellcarve binary at $BIN"
mkdir -p "$BENCH_DIR"

WORK=$(mktemp -d)
MNT=$WORK/mnt
mkdir -p "$MNT"
cleanup() {
    mountpoint -q "$MNT" 2>/dev/null && { fusermount -u "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null || true; }
    rm -rf "$WORK"
}
trap cleanup EXIT

# name | archive | member | volume start (sectors) | partition index
VOLUMES=(
    "vss_2003|dfir_ntfs/vss_2003.tgz|vss_2003.raw|63|0"
    "ntfs_samples|ntfs_samples/ntfs.tgz|ntfs.raw|2048|0"
    "vsstest|plaso/vsstest.raw.gz||0|0"
)

unpack() {  # archive member -> path of the image in the cache
    local archive=$1 member=$2 target
    if [ -n "$member" ]; then
        target=$BENCH_DIR/$member
        [ -e "$target" ] || tar -xSf "$CORPUS/images/$archive" -C "$BENCH_DIR" "$member"
    else
        target=$BENCH_DIR/$(basename "${archive%.gz}")
        [ -e "$target" ] || gzip -dc "$CORPUS/images/$archive" >"$target"
    fi
    echo "$target"
}

# time_run OUTFILE CMD... : the fastest of RUNS runs as "wall cpu maxrss_kib"
time_run() {
    local best="" line
    for _ in $(seq 1 "$RUNS"); do
        /usr/bin/time -v -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; die "failed: $*"; }
        line=$(awk -F': ' '
            /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
            /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
            END { printf "%.3f %.3f %d", w, u + s, m }' "$WORK/time")
        if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[1] < y[1]) }'; then best=$line; fi
    done
    echo "$best"
}

printf '%-13s %6s %8s | %9s %9s %9s %12s | %9s %9s %9s %12s | %6s\n' volume stores rows \
    "ours s" "cpu s" "RSS MiB" "rows/s" "vsm+fls s" "cpu s" "RSS MiB" "rows/s" ratio
for spec in "${VOLUMES[@]}"; do
    IFS='|' read -r name archive member sector partition <<<"$spec"
    [ -e "$CORPUS/images/$archive" ] || { echo "bench-vss: $archive absent, skipped" >&2; continue; }
    image=$(unpack "$archive" "$member")
    offset=$((sector * 512))
    # Untimed: warm up, count rows and stores.
    "$BIN" ls "$image" --partition "$partition" --vss all --bodyfile --index-slack >"$WORK/ours.body" 2>/dev/null
    rows=$(wc -l <"$WORK/ours.body")
    stores=$(vshadowinfo -o "$offset" "$image" | awk '/Number of stores:/ { print $NF }')
    cat >"$WORK/theirs.sh" <<SH
set -e
vshadowmount -o $offset '$image' '$MNT' >/dev/null
for s in '$MNT'/vss*; do fls -r -m / "\$s"; done
fusermount -u '$MNT'
SH
    bash "$WORK/theirs.sh" >"$WORK/theirs.body"
    their_rows=$(wc -l <"$WORK/theirs.body")
    read -r ow oc om <<<"$(time_run "$BIN" ls "$image" --partition "$partition" --vss all --bodyfile --index-slack)"
    read -r tw tc tm <<<"$(time_run bash "$WORK/theirs.sh")"
    awk -v n="$name" -v s="$stores" -v r="$rows" -v tr="$their_rows" -v ow="$ow" -v oc="$oc" -v om="$om" \
        -v tw="$tw" -v tc="$tc" -v tm="$tm" 'BEGIN {
        printf "%-13s %6d %8d | %9.3f %9.3f %9.1f %12.0f | %9.3f %9.3f %9.1f %12.0f | %5.1fx\n",
            n, s, r, ow, oc, om / 1024, (ow > 0 ? r / ow : 0), tw, tc, tm / 1024, (tw > 0 ? tr / tw : 0),
            (ow > 0 ? tw / ow : 0) }'
    [ "$rows" -eq "$their_rows" ] || echo "bench-vss: $name: $rows rows from shellcarve, $their_rows from fls (docs/tsk-differences.md: \$I30-slack copies of live entries)" >&2
done
