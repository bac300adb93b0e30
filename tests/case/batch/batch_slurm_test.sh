#!/usr/bin/env bash
# batch_slurm_test.sh SHELLCARVE SOURCE_DIR
# Issue 15 on a real single-node Slurm cluster (scripts/slurm-local.sh, started here and
# stopped again if this test started it): a 3-image batch, one image not NTFS, submitted
# with --slurm as an array job; --status follows it through squeue until every task ended;
# the index says done/done/failed with each row's Slurm task; a second submission sends
# only the failed image again. Exit 77 (skipped) when not root: the daemons need it.
set -euo pipefail
bin=$1
source=$2
[ "$(id -u)" = 0 ] || { echo "not root: the local Slurm cluster cannot be started"; exit 77; }
scratch=$(mktemp -d /tmp/shellcarve-batch-slurm.XXXXXX)
started=""
cleanup() {
  [ -z "$started" ] || "$source/scripts/slurm-local.sh" stop >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ ! -d "$scratch/root/batch-state" ] || tail -n 20 "$scratch"/root/batch-state/slurm-*.out >&2 || true; exit 1; }

pgrep -x slurmctld >/dev/null || started=1
"$source/scripts/slurm-local.sh" start || fail "the local Slurm cluster did not start"

mkdir -p "$scratch/imgs"
gzip -dc "$source/test-images/proxylogon.raw.gz" > "$scratch/imgs/proxylogon.raw"
gzip -dc "$source/test-images/paths.raw.gz" > "$scratch/imgs/paths.raw"
printf 'not an NTFS volume' > "$scratch/imgs/damaged.img"
printf 'image,case_number,evidence_number\n%s,C-1,EV-1\n%s,C-1,EV-2\n%s,C-1,EV-3\n' \
  "$scratch/imgs/proxylogon.raw" "$scratch/imgs/paths.raw" "$scratch/imgs/damaged.img" > "$scratch/manifest.csv"

wait_for_batch() {
  local rc=0
  for _ in $(seq 300); do
    rc=0
    "$bin" batch --status "$scratch/root" > "$scratch/status.txt" 2>&1 || rc=$?
    [ $rc = 4 ] || return 0
    sleep 1
  done
  cat "$scratch/status.txt" >&2
  fail "the Slurm tasks did not end within 300 s"
}

job=$("$bin" batch "$scratch/manifest.csv" --out "$scratch/root" --slurm --max-parallel 2 --no-carve --no-hash) \
  || fail "batch --slurm failed"
[ -n "$job" ] || fail "batch --slurm printed no job id"
grep -q "^#SBATCH --array=0-2%2$" "$scratch/root/batch-state/slurm.sbatch" || fail "sbatch script has no 0-2%2 array"
wait_for_batch
grep -q "^done	proxylogon	" "$scratch/status.txt" || fail "proxylogon not done: $(cat "$scratch/status.txt")"
grep -q "^done	paths	" "$scratch/status.txt" || fail "paths not done"
grep -q "^failed	damaged	.*no NTFS" "$scratch/status.txt" || fail "damaged not failed with its reason"
grep -q "^proxylogon,.*,done,.*,C-1,EV-1,.*,${job}_0," "$scratch/root/batch.csv" \
  || fail "batch.csv row of proxylogon lacks done/C-1/EV-1/${job}_0: $(cat "$scratch/root/batch.csv")"
grep -q '"critical": 2' "$scratch/root/batch.json" || fail "batch.json does not count proxylogon's 2 critical findings"

again=$("$bin" batch "$scratch/manifest.csv" --out "$scratch/root" --slurm --max-parallel 2 --no-carve --no-hash 2>"$scratch/again.txt")
grep -q "with 1 task(s) (2 done" "$scratch/again.txt" || fail "the rerun did not submit only the failed image: $(cat "$scratch/again.txt")"
grep -q "^#SBATCH --array=2%2$" "$scratch/root/batch-state/slurm.sbatch" || fail "the rerun's array is not task 2 alone"
wait_for_batch
grep -q "^failed	damaged	" "$scratch/status.txt" || fail "damaged not failed after the rerun"
echo "slurm batch: job $job and $again: 2 done, 1 failed; rerun submitted only the failed image"
