#!/usr/bin/env bash
# Coverage-guided fuzzing with clang's libFuzzer (+ ASan/UBSan) of every target in tests/fuzz.
#   tools/fuzz.sh            # each target for 60 s
#   tools/fuzz.sh 10         # each target for 10 s (what tools/test.sh runs)
#   tools/fuzz.sh 3600 idcard_frame   # one target for an hour
# New inputs that raise coverage are kept in build/fuzz/corpus/<name>/; crashes in build/fuzz/crashes/.
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
cmake --build build/fuzz --target fuzzers -j "$(nproc)"

mkdir -p build/fuzz/crashes
status=0
for bin in build/fuzz/tests/fuzz/fuzz_*; do
  name=${bin##*/fuzz_}
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  echo "fuzz: $name for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=0 \
      -artifact_prefix=build/fuzz/crashes/"$name"- "$corpus" tests/fuzz/corpus/"$name" >build/fuzz/"$name".log 2>&1; then
    echo "fuzz: $name FAILED — see build/fuzz/$name.log and build/fuzz/crashes/"
    tail -30 build/fuzz/"$name".log
    status=1
  else
    grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" build/fuzz/"$name".log | tail -1 || true
  fi
done
exit $status
