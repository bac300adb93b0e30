#!/usr/bin/env bash
# make-report-screenshot.sh [BUILD_DIR] -- docs/report-sample.png: the first screen of the
# report of the bundled sample (test-images/ntfs-basic.E01, scanned as scripts/demo.sh does),
# taken by headless Chromium, for the README. Needs a built shellcarve and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "make-report-screenshot: chromium is not installed (scripts/setup.sh)" >&2; exit 2; }
work=$(mktemp -d /tmp/shellcarve-screenshot.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
"$build/shellcarve" scan test-images/ntfs-basic.E01 --out "$work/case" --patched-at 2021-03-03T03:20:00Z \
  --case-number 2026-0042 --evidence-number E01-A --examiner "A. Examiner" > /dev/null 2> "$work/scan.err" || status=$?
[ "$status" -le 1 ] || { cat "$work/scan.err" >&2; exit "$status"; }
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=1100,1500 --screenshot="$work/shot.png" "file://$work/case/report.html" 2> /dev/null
mkdir -p docs
mv "$work/shot.png" docs/report-sample.png
echo "docs/report-sample.png: $(stat -c %s docs/report-sample.png) bytes"
