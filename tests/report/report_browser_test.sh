#!/usr/bin/env bash
# report_browser_test.sh SHELLCARVE SOURCE_DIR -- the report of an image with hostile page
# names (test-images/hostile-names.raw.gz), opened in a real browser: headless Chromium
# (browser_check.py) must show every findings row and the chart, each hostile name as text,
# no console message, no network request, no script run, and print the expected pages;
# `shellcarve report --pdf` must print it too, and say clearly when Chromium is absent.
# Exits 77 (skipped) when Chromium is not installed.
set -euo pipefail
shellcarve=$1
source_dir=$2
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium; scripts/setup.sh does)"
  exit 77
fi
work=$(mktemp -d /tmp/shellcarve-report-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
gunzip -c "$source_dir/test-images/hostile-names.raw.gz" > "$work/hostile-names.raw"
status=0
"$shellcarve" scan "$work/hostile-names.raw" --out "$work/case" --patched-at 2021-03-03T03:20:00Z \
  --case-number 'C-16 "</style><b>' --evidence-number E-1 --examiner 'Test <Examiner>' >"$work/scan.out" 2>&1 || status=$?
[ "$status" -le 1 ] || { cat "$work/scan.out"; echo "FAIL: scan exited $status"; exit 1; }
[ -f "$work/case/report.html" ] || { echo "FAIL: scan wrote no report.html"; exit 1; }

rows=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$work/case/findings.json")
[ "$rows" -ge 4 ] || { echo "FAIL: $rows findings, expected the 4 hostile pages at least"; exit 1; }

# The report again from the folder alone: byte-identical, and printed to PDF.
cp "$work/case/report.html" "$work/scan-report.html"
"$shellcarve" report "$work/case" --pdf > "$work/report.out"
cmp "$work/scan-report.html" "$work/case/report.html" || { echo "FAIL: report differs from scan's"; exit 1; }
[ -s "$work/case/report.pdf" ] || { echo "FAIL: report --pdf wrote no report.pdf"; exit 1; }

# Without Chromium: a clear error line and exit status 2, report.html still written.
status=0
PATH=/nonexistent "$shellcarve" report "$work/case" --pdf > /dev/null 2> "$work/nochromium.err" || status=$?
[ "$status" -eq 2 ] && grep -q "shellcarve: error: report: --pdf needs Chromium, which is not installed" "$work/nochromium.err" \
  || { cat "$work/nochromium.err"; echo "FAIL: --pdf without Chromium: status $status"; exit 1; }

# Pages: a first page, then one page break before each of the 7 major sections; at most a
# few pages per finding (its facts table and excerpt) beyond that.
min_pages=8
max_pages=$((12 + 4 * rows))
pdf_pages=$(python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page\b(?!s)", open(sys.argv[1],"rb").read())))' "$work/case/report.pdf")
[ "$pdf_pages" -ge "$min_pages" ] && [ "$pdf_pages" -le "$max_pages" ] \
  || { echo "FAIL: report.pdf has $pdf_pages pages, expected $min_pages..$max_pages"; exit 1; }

python3 "$(dirname "$0")/browser_check.py" "$chromium" "$work/case/report.html" "$work/browser.pdf" \
  "$min_pages" "$max_pages" "$rows" \
  '<script>alert(1)</script>.aspx' '"><img src=x onerror=alert(1)>.aspx' 'evil\u202egpj.aspx' \
  '</pre><script>alert(2)</script>' 'C-16 "</style><b>' 'Test <Examiner>'
echo "report.pdf: $pdf_pages pages"
