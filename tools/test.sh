#!/usr/bin/env bash
# Installs dependencies, builds (Release) and runs every test; ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup-deps.sh

# The test suite runs with the thread checks on (base/sequence_checker.hpp).
args=(-DOW_THREAD_CHECKS=ON)
if [ -n "${CI:-}" ]; then args+=(-DOW_WERROR=ON); fi
cmake --preset release "${args[@]}"
cmake --build build/release -j "$(nproc)"
# Coverage-guided fuzzing of every parser of outside bytes, 10 s per target (clang + libFuzzer).
tools/fuzz.sh 10
ctest --test-dir build/release --output-on-failure -j "$(nproc)"
