#!/usr/bin/env bash
# batch_kill_test.sh SHELLCARVE SOURCE_DIR
# Issue 15, "a power cut at any moment leaves a state that a rerun completes correctly": a
# batch of three images (one not NTFS) is killed with SIGKILL -- the batch and every scan
# process it started, as a power cut would -- at several moments, then rerun to the end. The
# result must equal a batch that was never interrupted: every image in its final state once,
# no staging folder left, and each case folder byte-identical (the manifest compared without
# its run times).
set -euo pipefail
bin=$1
source=$2
scratch=$(mktemp -d /tmp/shellcarve-batch-kill.XXXXXX)
trap 'pkill -9 -s "$(cat "$scratch/sid" 2>/dev/null || echo 0)" 2>/dev/null || true; rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$scratch/imgs"
gzip -dc "$source/test-images/proxylogon.raw.gz" > "$scratch/imgs/proxylogon.raw"
gzip -dc "$source/test-images/paths.raw.gz" > "$scratch/imgs/paths.raw"
gzip -dc "$source/test-images/verdicts.raw.gz" > "$scratch/imgs/verdicts.raw"
printf 'not an NTFS volume' > "$scratch/imgs/junk.img"

run_batch() { # run_batch ROOT: to the end; exit 2 expected (junk fails)
  local rc=0
  "$bin" batch "$scratch/imgs" --out "$1" --jobs 2 >"$scratch/out.txt" 2>"$scratch/err.txt" || rc=$?
  [ $rc = 2 ] || { cat "$scratch/err.txt" >&2; fail "batch into $1 exited $rc, expected 2 (one image not NTFS)"; }
}

started=$(date +%s.%N)
run_batch "$scratch/reference"
reference_seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')

root=$scratch/killed
cut_mid_scan=0
# The kill moments are fractions of the uninterrupted run's own time, so they land at the
# same stages (inputs listed, scans running, records written) on a loaded machine as on an
# idle one.
for fraction in 0.02 0.15 0.3 0.5 0.7 0.9; do
  delay=$(awk -v t="$reference_seconds" -v f="$fraction" 'BEGIN { printf "%.2f", t * f }')
  # setsid: the batch leads a session of its own; its scans (in process groups of their own)
  # stay in that session, so one pkill -s takes them all, as a power cut would.
  setsid bash -c 'echo $$ > "$1/sid"; exec "$2" batch "$1/imgs" --out "$3" --jobs 2' _ "$scratch" "$bin" "$root" \
    >/dev/null 2>&1 &
  sleep "$delay"
  pkill -9 -s "$(cat "$scratch/sid")" 2>/dev/null || true
  wait 2>/dev/null || true
  # A record left "running" is a scan the kill cut short: the case the rerun must redo.
  if grep -qs '^status=running$' "$root"/batch-state/*.record; then cut_mid_scan=$((cut_mid_scan + 1)); fi
done
[ $cut_mid_scan -ge 1 ] || fail "no kill landed during a scan (reference run ${reference_seconds} s): the test proved nothing"
run_batch "$root"

# Every image once, in its final state, nothing half-done left behind.
for name in proxylogon paths verdicts; do
  grep -q '^status=done$' "$root/batch-state/$name.record" || fail "$name is not done after the rerun"
done
grep -q '^status=failed$' "$root/batch-state/junk.record" || fail "junk is not failed"
[ "$(tail -n +2 "$root/batch.csv" | wc -l)" = 4 ] || fail "batch.csv does not have 4 rows"
leftovers=$(find "$root" -maxdepth 1 -name '.*staging*' | wc -l)
[ "$leftovers" = 0 ] || fail "staging folders left: $(find "$root" -maxdepth 1 -name '.*staging*')"

# Byte-identical case folders (the manifest without its run times and command line). The
# report shows those run times and the manifest's hash, so it is checked against its own
# folder instead: `shellcarve report` made again from the folder gives the same bytes.
normal_manifest() { sed -e '/"started":/d' -e '/"finished":/d' -e '/"command_line":/d' -e "s|$scratch/[a-z]*/|ROOT/|g" "$1"; }
for name in proxylogon paths verdicts; do
  diff -r -q -x manifest.json -x report.html "$scratch/reference/$name" "$root/$name" || fail "$name differs from the reference run"
  cp "$root/$name/report.html" "$scratch/$name-report.html"
  "$bin" report "$root/$name" >/dev/null 2>&1 || fail "shellcarve report $name failed"
  cmp -s "$scratch/$name-report.html" "$root/$name/report.html" || fail "$name/report.html is not the report of its own folder"
  diff <(normal_manifest "$scratch/reference/$name/manifest.json") <(normal_manifest "$root/$name/manifest.json") \
    || fail "$name/manifest.json differs from the reference run beyond its run times"
done
echo "killed 6 times ($cut_mid_scan during a scan), rerun: every image done once and identical to the uninterrupted run"
