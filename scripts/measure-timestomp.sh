#!/usr/bin/env bash
# Measures every timestomp indicator on the real NTFS volumes of the shared corpus
# (../shared/corpus/images): per volume, how many names each indicator was computed for and
# fired on, which were set aside as volume-wide, and the per-file verdicts over the whole
# volume (`timeline --webroots all`). Untouched systems should give no "yes" verdict, except
# the known $SI-vs-$FN case in ntfs_samples/ntfs-si-vs-fn. Prints a Markdown table
# (docs/timestomp.md keeps the last one).
#
#   scripts/measure-timestomp.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/shellcarve
[ -x "$bin" ] || { echo "measure-timestomp: $bin not built (scripts/build.sh)" >&2; exit 2; }
corpus=""
for c in ../shared/corpus /work/shared/corpus; do [ -d "$c/images" ] && { corpus=$c; break; }; done
[ -n "$corpus" ] || { echo "measure-timestomp: shared corpus not found" >&2; exit 2; }
work=$(mktemp -d /tmp/shellcarve-timestomp.XXXXXX)
trap 'rm -rf "$work"' EXIT

images=(colinfinck_ntfs/testfs1 dfir_ntfs/ntfs3.raw.gz dfir_ntfs/ntfs3_attrlist.raw.gz
        dfir_ntfs/ntfs_index.raw.gz dfvfs/windows_volume.raw
        ntfs_samples/ntfs-lastaccess.raw ntfs_samples/ntfs-ptrn.raw ntfs_samples/ntfs-ramslack.raw
        ntfs_samples/ntfs-si-vs-fn.raw plaso/vsstest.raw
        sleuthkit/imageformat_mmls_1.E01
        velociraptor/partition_image.E01 velociraptor/test.ntfs.dd.E01)
echo "| volume | partition | indicator | names examined | fired | set aside | verdicts (whole volume) |"
echo "|---|---|---|---|---|---|---|"
for rel in "${images[@]}"; do
  src=$corpus/images/$rel
  [ -e "$src" ] || [ -e "$src.gz" ] || { echo "| $rel | absent | | | | | |"; continue; }
  img=$src
  case $rel in
    *.gz) img=$work/$(basename "$rel" .gz); gunzip -c "$src" > "$img" ;;
  esac
  [ -e "$img" ] || { img=$work/$(basename "$rel"); gunzip -c "$src.gz" > "$img"; }
  out=$work/$(echo "$rel" | tr / _)
  if ! "$bin" timeline "$img" --webroots all -o "$out.csv" >/dev/null 2>"$out.err"; then
    echo "| $rel | error: $(head -1 "$out.err") | | | | | |"; continue
  fi
  python3 - "$rel" "$(dirname "$out.csv")/manifest.json" <<'PY'
import json, re, sys
rel, path = sys.argv[1], sys.argv[2]
options = json.load(open(path)).get('options', {})
parts = sorted({k.split('.')[1] for k in options if k.startswith('partition.') and '.timestomp_indicator.' in k})
for p in parts:
    verdicts = options.get(f'partition.{p}.timestomp_verdicts', '')
    for k in sorted(options):
        m = re.match(rf'partition\.{p}\.timestomp_indicator\.(.+)$', k)
        if not m: continue
        v = re.match(r'fired on (\d+) of (\d+) files( \(volume-wide)?', options[k])
        print(f'| {rel} | {p} | {m.group(1)} | {v.group(2)} | {v.group(1)} | {"yes" if v.group(3) else ""} | {verdicts} |')
PY
  rm -f "$(dirname "$out.csv")/manifest.json"
done
