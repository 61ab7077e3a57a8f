#!/usr/bin/env bash
# Installs dependencies, builds (Release) and runs every test; ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup-deps.sh

args=()
if [ -n "${CI:-}" ]; then args+=(-DOW_WERROR=ON); fi
cmake --preset release "${args[@]}"
cmake --build build/release -j "$(nproc)"
ctest --test-dir build/release --output-on-failure -j "$(nproc)"
