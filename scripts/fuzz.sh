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
  targets=(mft_record data_runs attribute_list index_record boot_sector record_carver content_cut reparse_point
           usn_records path_resolution lznt1 writers pe_version setup_log exchange_baselines text_decoding)
fi
out=build-fuzz
mkdir -p "$out/obj" "$out/artifacts" "$out/corpus"
cxx=${CXX_FUZZ:-clang++}
# tests/fuzz/compat supplies <expected> to clang 14 (see the header there).
flags=(-std=c++2b -g -O1 -fno-omit-frame-pointer -isystem tests/fuzz/compat -Isrc -Itests
       -D_FILE_OFFSET_BITS=64)
san=(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined)

# The code under test and what it uses: common/, ntfs/ (which never includes libtsk or
# libewf; image/image.cpp is only the interface), the Exchange known-good table parser
# (detect/exchange_baselines.cpp, zlib), and the writers of timeline/, detect/
# and report/.
sources=(src/common/*.cpp src/ntfs/*.cpp src/ntfs/attributes/*.cpp src/ntfs/index/*.cpp
         src/ntfs/usn/*.cpp src/image/image.cpp src/timeline/event.cpp
         src/timeline/writers.cpp src/timeline/usn_path_replay.cpp src/detect/finding.cpp
         src/report/json_writer.cpp src/carve/record_carver.cpp src/carve/server_markers.cpp
         src/carve/object_bounds.cpp src/pe/*.cpp src/detect/exchange_builds.cpp src/detect/setup_log.cpp
         src/detect/patch_time_json.cpp
         src/detect/exchange_baselines.cpp src/detect/rules_location.cpp
         src/detect/text_encoding.cpp src/detect/chunk_window.cpp
         src/detect/planted_interval.cpp src/timeline/timestomp.cpp)
# Compiled on every core (CI's clean build); an object is rebuilt when its source or any
# header under src/ is newer.
objects=()
pids=()
newest_header=$(ls -t src/*/*.h src/*/*/*.h | head -1)
for src in "${sources[@]}"; do
  obj="$out/obj/$(echo "$src" | tr / _).o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_header" -nt "$obj" ]; then
    while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do sleep 0.2; done
    "$cxx" "${flags[@]}" "${san[@]}" -c "$src" -o "$obj" &
    pids+=($!)
  fi
  objects+=("$obj")
done
for pid in "${pids[@]}"; do wait "$pid"; done

status=0
for t in "${targets[@]}"; do
  "$cxx" "${flags[@]}" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DSHELLCARVE_FUZZ_NO_MAIN "tests/fuzz/fuzz_$t.cpp" "${objects[@]}" -lfmt -lz -pthread -o "$out/fuzz_$t"
  "$cxx" "${flags[@]}" -fsanitize=address,undefined "tests/fuzz/fuzz_$t.cpp" \
    "${objects[@]}" -lfmt -lz -pthread -o "$out/replay_$t"
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
