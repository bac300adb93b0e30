#!/usr/bin/env bash
# Builds the fuzz targets (tests/fuzz/fuzz_*.cpp) with clang's libFuzzer, ASan and UBSan
# into build-fuzz/, then runs each for SECONDS (default 30) on a copy of its committed seed
# corpus (tests/fuzz/corpus/<target>/). Fails on any crash, leak, timeout or sanitizer
# report; the offending input is left in build-fuzz/artifacts/<target>/. Also builds each
# target as a plain replay program (build-fuzz/replay_<target>) that runs saved inputs.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(mft_record data_runs attribute_list index_record boot_sector record_carver content_cut)
fi
out=build-fuzz
mkdir -p "$out/obj" "$out/artifacts" "$out/corpus"
cxx=${CXX_FUZZ:-clang++}
# tests/fuzz/compat supplies <expected> to clang 14 (see the header there).
flags=(-std=c++2b -g -O1 -fno-omit-frame-pointer -isystem tests/fuzz/compat -Isrc -Itests
       -D_FILE_OFFSET_BITS=64)
san=(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined)

# The parsers under test and what they use: common/ and the byte-level parts of ntfs/.
sources=(src/common/byte_reader.cpp src/common/result.cpp src/common/utf16.cpp
         src/common/filetime.cpp src/ntfs/boot_sector.cpp src/ntfs/fixup.cpp
         src/ntfs/data_run.cpp src/ntfs/attribute_header.cpp src/ntfs/mft_entry.cpp
         src/ntfs/mft_record_parser.cpp src/ntfs/attribute_list.cpp src/ntfs/moved_attribute_ids.cpp
         src/ntfs/attributes/*.cpp src/ntfs/index/*.cpp src/carve/record_carver.cpp
         src/carve/server_markers.cpp src/carve/object_bounds.cpp)
objects=()
for src in "${sources[@]}"; do
  obj="$out/obj/$(echo "$src" | tr / _).o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
    "$cxx" "${flags[@]}" "${san[@]}" -c "$src" -o "$obj"
  fi
  objects+=("$obj")
done

status=0
for t in "${targets[@]}"; do
  "$cxx" "${flags[@]}" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DSHELLCARVE_FUZZ_NO_MAIN "tests/fuzz/fuzz_$t.cpp" "${objects[@]}" -lfmt -o "$out/fuzz_$t"
  "$cxx" "${flags[@]}" -fsanitize=address,undefined "tests/fuzz/fuzz_$t.cpp" \
    "${objects[@]}" -lfmt -o "$out/replay_$t"
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  cp -n tests/fuzz/corpus/"$t"/* "$out/corpus/$t/" 2>/dev/null || true
  echo "== fuzz_$t for ${seconds}s"
  if ! "$out/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=70000 -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" \
      "$out/corpus/$t" 2>"$out/fuzz_$t.log"; then
    echo "fuzz_$t FAILED (see $out/fuzz_$t.log and $out/artifacts/$t/)"
    tail -40 "$out/fuzz_$t.log"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$out/fuzz_$t.log" || true
done
exit $status
