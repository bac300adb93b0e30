#!/usr/bin/env bash
# Builds the fuzz targets (every tests/fuzz/fuzz_*.cpp) with clang's libFuzzer, ASan and
# UBSan into build-fuzz/ through CMake (-DSHELLCARVE_FUZZ=ON: the library compiled with the
# fuzzer's coverage hooks, each target linked against it; tests/fuzz/CMakeLists.txt), then
# runs each for SECONDS (default 30) on a copy of its committed seed corpus
# (tests/fuzz/corpus/<target>/). Fails on any crash, leak, timeout or sanitizer report; the
# offending input is left in build-fuzz/artifacts/<target>/. Each target is also built as a
# plain replay program (build-fuzz/replay_<target>) that runs saved inputs.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      (TARGET: mft_record, data_runs, ...)
#
# FUZZ_JOBS targets run at a time (default: nproc).
# CXX_FUZZ picks the compiler (default clang++); CMAKE_CXX_COMPILER_LAUNCHER=ccache is
# honoured as in scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in tests/fuzz/fuzz_*.cpp; do
    name=${source#tests/fuzz/fuzz_}
    targets+=("${name%.cpp}")
  done
fi
out=build-fuzz
cxx=${CXX_FUZZ:-clang++}
# -O1 as libFuzzer's documentation advises; line tables only (not full -g): the stacks keep
# file:line, and the build of the whole instrumented library takes about half the time.
# Warnings are not errors here: the gcc build (scripts/build.sh, CI) enforces them, and
# clang's set differs.
cmake -S . -B "$out" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Fuzz \
  -DCMAKE_CXX_FLAGS_FUZZ="-O1 -gline-tables-only" -DSHELLCARVE_FUZZ=ON -DSHELLCARVE_TESTS=OFF \
  -DSHELLCARVE_WERROR=OFF >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=("fuzz_$t" "replay_$t"); done
cmake --build "$out" -j"$(nproc)" --target "${build_targets[@]}"

mkdir -p "$out/artifacts" "$out/corpus"
# One target per CPU at a time (each libFuzzer run is one process on one core); the results
# are printed afterwards in the targets' order, so the log reads the same whatever finished
# first.
run_target() {
  local t=$1
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  cp -n tests/fuzz/corpus/"$t"/* "$out/corpus/$t/" 2>/dev/null || true
  if "$out/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=70000 -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" \
      "$out/corpus/$t" 2>"$out/fuzz_$t.log"; then
    echo 0 >"$out/fuzz_$t.status"
  else
    echo 1 >"$out/fuzz_$t.status"
  fi
}
parallel=${FUZZ_JOBS:-$(nproc)}
for t in "${targets[@]}"; do
  rm -f "$out/fuzz_$t.status"
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  echo "== fuzz_$t for ${seconds}s"
  run_target "$t" &
done
wait
status=0
for t in "${targets[@]}"; do
  if [ "$(cat "$out/fuzz_$t.status" 2>/dev/null)" != 0 ]; then
    echo "fuzz_$t FAILED (see $out/fuzz_$t.log and $out/artifacts/$t/)"
    tail -40 "$out/fuzz_$t.log"
    status=1
  fi
  echo "fuzz_$t: $(grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$out/fuzz_$t.log" \
    | tr -s ' \n' ' ')"
done
exit $status
