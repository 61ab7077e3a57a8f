#!/usr/bin/env bash
# Builds and runs every benchmark, prints their tables, and writes tools/bench/results/latest.json.
# Figures drift ±30% between runs on shared machines: compare ratios, not absolute times.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --preset release >/dev/null
cmake --build build/release -j "$(nproc)"

# A virtual X display lets the kiosk block in SDL_WaitEventTimeout as on a real kiosk.
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
  Xvfb :97 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  export DISPLAY=:97
  sleep 1
fi

out=tools/bench/results/latest.json
parts=()
for bench in build/release/tools/bench/bench_*; do
  [ -x "$bench" ] || continue
  name=$(basename "$bench")
  echo "== $name" >&2
  if json=$("$bench"); then
    parts+=("$json")
  else
    echo "bench: $name failed" >&2
    parts+=("{\"bench\": \"$name\", \"error\": \"failed\"}")
  fi
done
{
  printf '{\n  "generated": "%s",\n  "machine": "%s, %s cores",\n  "results": [\n' "$(date -Iseconds)" "$(uname -m)" "$(nproc)"
  for i in "${!parts[@]}"; do
    sep=","; [ "$i" -eq $((${#parts[@]} - 1)) ] && sep=""
    printf '    %s%s\n' "${parts[$i]}" "$sep"
  done
  printf '  ]\n}\n'
} > "$out"
echo "bench: results written to $out" >&2
