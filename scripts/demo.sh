#!/usr/bin/env bash
# The main job on the bundled sample image: set up, build, then describe and verify it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
sample=test-images/ntfs-basic.E01
[ -f "$sample" ] || sample=build/sample.raw
if [ ! -f "$sample" ]; then
  truncate -s 8M "$sample" && mkntfs -F -Q -q "$sample" >/dev/null 2>&1
fi
build/shellcarve info "$sample"
build/shellcarve verify "$sample"
