#!/usr/bin/env bash
# Runs the OneWindow kiosk demo: installs dependencies, builds, starts the simulators and the
# platform emulator, and shows the kiosk. With no display it runs the scripted demo journey
# headless and writes a screenshot of every screen to demo-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

tools/setup-deps.sh
cmake --preset release
cmake --build build/release -j "$(nproc)"

run_dir=$(mktemp -d /tmp/onewindow-demo.XXXXXX)
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true
}
trap cleanup EXIT

cat > "$run_dir/kiosk.toml" <<TOML
[kiosk]
id = "KIOSK-DEMO-0001"
hall_name = "示范镇政务服务中心"
data_dir = "$run_dir/data"
assets_dir = "$root/assets"
fullscreen = false
TOML

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "demo: opening the kiosk window (close it or press Ctrl+C to stop)"
  build/release/ui/kiosk --config "$run_dir/kiosk.toml"
else
  out="$root/demo-out"
  rm -rf "$out"
  echo "demo: no display; running the scripted journey headless"
  build/release/ui/kiosk --config "$run_dir/kiosk.toml" --script assets/scripts/demo-journey.txt --screenshots "$out"
  echo "demo: screenshots of every screen are in $out:"
  ls -1 "$out"
fi
