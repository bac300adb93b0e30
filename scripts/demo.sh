#!/usr/bin/env bash
# The main job on the bundled sample image (test-images/ntfs-basic.E01, a 3-segment E01 of
# an IIS/Exchange-shaped NTFS volume with planted webshells): set up, build, describe and
# verify the image, then `scan` it into a case folder (findings, timelines, evidence,
# manifest). The examiner's patch time is given so the after-patch verdicts show.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
sample=test-images/ntfs-basic.E01
out=${1:-demo-out}
build/shellcarve info "$sample"
build/shellcarve verify "$sample"
rm -rf "$out"
status=0
build/shellcarve scan "$sample" --out "$out" --patched-at 2021-03-03T03:20:00Z || status=$?
# scan exits 1 when it finds webshells: that is the expected outcome on this sample.
[ "$status" -le 1 ] || exit "$status"
echo "case folder: $out"
ls -l "$out" "$out/evidence"
