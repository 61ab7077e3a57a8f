#!/usr/bin/env bash
# Coverage-guided fuzzing with clang's libFuzzer (+ ASan/UBSan) of every target in tests/fuzz.
#   tools/fuzz.sh                    # each target for 60 s
#   tools/fuzz.sh 10                 # each target for 10 s (what tools/test.sh runs)
#   tools/fuzz.sh 3600 idcard_frame  # one target for an hour (only that target is built)
#   FUZZ_MERGE=1 tools/fuzz.sh 600   # then minimize what was found into tests/fuzz/corpus/<name>/
#                                    # (libFuzzer -merge=1): commit the corpora that grew
#   FUZZ_BUILD_JOBS=1 tools/fuzz.sh  # build with one job (default: every core)
#   FUZZ_JOBS=1 tools/fuzz.sh        # one target at a time (default: one per core, side by side)
# New inputs that raise coverage are kept in build/fuzz/corpus/<name>/; crashes in
# build/fuzz/crashes/. At the end a table gives each target's runs and coverage from libFuzzer's
# final line: cov (edges), ft (features), corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
only=${2:-}

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found; skipping coverage-guided fuzzing (the ctest smoke runs still cover the targets)"
  exit 0
fi
cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DOW_FUZZ=ON -DOW_SANITIZE=ON >/dev/null
target=fuzzers
[ -z "$only" ] || target=fuzz_$only
cmake --build build/fuzz --target "$target" -j "${FUZZ_BUILD_JOBS:-$(nproc)}"

mkdir -p build/fuzz/crashes

# One target's run; its row of the table goes to build/fuzz/<name>.row, its status is the result.
fuzz_one() {
  local name=$1 bin=build/fuzz/tests/fuzz/fuzz_$1 corpus=build/fuzz/corpus/$1 result=ok
  mkdir -p "$corpus"
  echo "fuzz: $name for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix=build/fuzz/crashes/"$name"- "$corpus" tests/fuzz/corpus/"$name" >build/fuzz/"$name".log 2>&1; then
    echo "fuzz: $name FAILED — see build/fuzz/$name.log and build/fuzz/crashes/"
    tail -30 build/fuzz/"$name".log
    result=FAILED
  elif [ -n "${FUZZ_MERGE:-}" ]; then
    # The committed corpus, minimized over itself and what this run found.
    local merged=build/fuzz/merged/$name
    rm -rf "$merged" && mkdir -p "$merged"
    "$bin" -merge=1 "$merged" tests/fuzz/corpus/"$name" "$corpus" >build/fuzz/"$name".merge.log 2>&1
    # Hand-written seeds (named, not a SHA-1) are kept as they are: they show the format, and tests read some.
    find tests/fuzz/corpus/"$name" -maxdepth 1 -type f -regextype posix-extended ! -regex '.*/[0-9a-f]{40}' -exec cp {} "$merged"/ \;
    rm -rf tests/fuzz/corpus/"$name" && mv "$merged" tests/fuzz/corpus/"$name"
  fi
  # The final status line: "#<runs> DONE cov: <edges> ft: <features> corp: <inputs>/<size> …".
  local last runs cov ft corp
  last=$(grep -E '^#[0-9]+.*cov: ' build/fuzz/"$name".log | tail -1 || true)
  runs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$last")
  printf '%-20s %-7s %12s %8s %8s %14s\n' "$name" "$result" "${runs:--}" "${cov:--}" "${ft:--}" "${corp:--}" >build/fuzz/"$name".row
  [ "$result" = ok ]
}

# Targets run side by side, one per core (FUZZ_JOBS to change): each is single-threaded.
jobs=${FUZZ_JOBS:-$(nproc)}
names=()
for bin in build/fuzz/tests/fuzz/fuzz_*; do
  name=${bin##*/fuzz_}
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  names+=("$name")
done
status=0
running=0
for name in "${names[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
  fuzz_one "$name" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
printf '\n%-20s %-7s %12s %8s %8s %14s\n' target result runs cov ft corpus
for name in "${names[@]}"; do cat build/fuzz/"$name".row; done
exit $status
