#!/usr/bin/env bash
# Measures webshell detection on the shared corpus: recall on webshells/ (IIS pages only:
# .aspx .asp .ashx .asmx .asa .cer, and NAME.asp.txt copies) and false positives on benign/,
# for our rules/ (with and without the content heuristics) and for each public rule set in
# yara-public/ as the yardstick. Prints a Markdown table (docs/detection.md keeps the last one):
# recall overall and on each hold-out half (files whose SHA-256 ends in 0-b were looked at while
# the rules were written, c-f were held out), false positives on benign/ ASP.NET and on
# benign/classic_asp_hz/ (real classic ASP) apart, and a second table per rule family (file).
#
#   scripts/measure-detection.sh [-v] [-o FILE] [BUILD_DIR]
#     -v       also list, per rule set, the goal files missed and the benign files flagged
#     -o FILE  write the table to FILE as well
# The corpus is found beside the source tree (../shared/corpus) or at /work/shared/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
verbose=""
out=""
while getopts "vo:" opt; do
  case $opt in
    v) verbose=1 ;;
    o) out=$(realpath -m "$OPTARG") ;;
    *) echo "usage: $0 [-v] [-o FILE] [BUILD_DIR]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
dir=${1:-build}
scripts/build.sh "$dir" >/dev/null
SHELLCARVE_MEASURE=1 SHELLCARVE_MEASURE_VERBOSE=${verbose} SHELLCARVE_MEASURE_OUT=${out} \
  "$dir/tests/shellcarve_tests" --gtest_filter='DetectionQuality.MeasureAgainstPublicRules' \
  --gtest_brief=1 2>&1 | grep -v '^Running main\|^Note: Google Test filter\|^\[==========\]\|^\[  PASSED  \]'
