#!/usr/bin/env bash
# The main job on the bundled sample image (test-images/ntfs-basic.E01, a 3-segment E01 of
# an IIS/Exchange-shaped NTFS volume): set up, build, then describe it, verify its hashes,
# list its deleted files and write the web-root timeline with its manifest into demo-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
sample=test-images/ntfs-basic.E01
out=${1:-demo-out}
mkdir -p "$out"
build/shellcarve info "$sample"
build/shellcarve verify "$sample"
echo "--- deleted names"
build/shellcarve ls "$sample" --deleted
echo "--- web-root timeline: $out/timeline.csv (+ manifest.json)"
build/shellcarve timeline "$sample" -o "$out/timeline.csv"
grep -c "" "$out/timeline.csv"
grep "Timestomp indicator" "$out/timeline.csv" | cut -d, -f1-4
