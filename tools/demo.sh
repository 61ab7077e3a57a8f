#!/usr/bin/env bash
# Runs the OneWindow kiosk demo: installs dependencies, builds, starts the device simulators
# (ID card reader on a pty, receipt printer on TCP) and the platform emulator, and shows the kiosk.
# With no display it runs the scripted demo journey headless and writes a screenshot of every
# screen to demo-out/ (and the printed receipts to demo-out/paper/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

tools/setup-deps.sh
cmake --preset release
cmake --build build/release -j "$(nproc)"
bin=build/release

run_dir=$(mktemp -d /tmp/onewindow-demo.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

out="$root/demo-out"
rm -rf "$out"
mkdir -p "$out/paper"

# The provincial platform (plain HTTP on loopback for the demo); it knows the demo card holders'
# phone numbers and addresses, which the kiosk pre-fills in forms.
"$bin/tools/platform-emu/platform-emu" --plain --port 0 --db "$run_dir/platform.db" \
  --applicant-profiles "$root/assets/devsim/applicant_profiles.json" \
  --face-checks "$root/assets/devsim/face_checks.json" >"$run_dir/platform.out" 2>"$run_dir/platform.log" &
pids+=($!)
# The ID card reader: a pty behind a stable link, cards placed through a control socket.
"$bin/tools/devsim/devsim" idcard --control "$run_dir/idcard.sock" --link "$run_dir/idcard.tty" >"$run_dir/idcard.out" 2>&1 &
pids+=($!)
# The receipt printer: ESC/POS on TCP, each receipt rendered to a PNG.
"$bin/tools/devsim/devsim" printer --tcp 0 --out "$out/paper" >"$run_dir/printer.out" 2>&1 &
pids+=($!)
# A busy machine can take a few seconds to start them; give up after 30 s with the logs.
ready=false
for _ in $(seq 300); do
  [ -s "$run_dir/platform.out" ] && [ -e "$run_dir/idcard.tty" ] && [ -s "$run_dir/printer.out" ] && ready=true && break
  sleep 0.1
done
if ! $ready; then
  echo "demo: the simulators or the platform emulator did not start within 30 s:" >&2
  cat "$run_dir/platform.log" "$run_dir/idcard.out" "$run_dir/printer.out" >&2
  exit 1
fi
platform_port=$(head -1 "$run_dir/platform.out" | grep -o '[0-9]*$')
printer_addr=$(head -1 "$run_dir/printer.out" | sed 's/^tcp //')
echo "demo: platform-emu on port $platform_port, ID card reader at $run_dir/idcard.tty, printer at $printer_addr"

mkdir -p "$run_dir/face"
for n in 1 2 3 4; do ln -sf "$root/tests/assets/face/astronaut_face.jpg" "$run_dir/face/$n.jpg"; done
ln -sf "$root/tests/assets/face/astronaut_face_eyes_shut.jpg" "$run_dir/face/5.jpg"

cat > "$run_dir/kiosk.toml" <<TOML
[kiosk]
id = "KIOSK-DEMO-0001"
hall_name = "马尚街道便民服务中心"
data_dir = "$run_dir/data"
assets_dir = "$root/assets"
fullscreen = false
[idcard]
port = "$run_dir/idcard.tty"
[printer]
transport = "tcp"
address = "$printer_addr"
# The face camera shows a public-domain portrait that blinks (tests/assets/face: four frames open,
# one shut), so a matter that needs 实人核验 (城乡居民基本养老保险待遇申领, with the demo card
# 测试甲 or 样例乙) passes its liveness challenge and the emulator matches it.
[face_camera]
source = "folder:$run_dir/face"
fps = 15
frame_repeat = 3
liveness = ["blink"]
[platform]
url = "http://127.0.0.1:$platform_port"
insecure_dev = true
heartbeat_s = 10
TOML
echo "demo: kiosk config written to $run_dir/kiosk.toml"
echo "demo: a technician's view: $root/$bin/tools/kioskctl/kioskctl --config $run_dir/kiosk.toml status"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "demo: opening the kiosk window (close it or press Ctrl+C to stop)"
  echo "demo: place a card with: echo 'place resident_male' | socat - UNIX-CONNECT:$run_dir/idcard.sock"
  "$bin/ui/kiosk" --config "$run_dir/kiosk.toml"
else
  echo "demo: no display; running the scripted journey headless"
  cat assets/scripts/demo-journey.txt assets/scripts/demo-card.txt | sed "s|@IDCARD@|$run_dir/idcard.sock|g" > "$run_dir/journey.txt"
  "$bin/ui/kiosk" --config "$run_dir/kiosk.toml" --script "$run_dir/journey.txt" --screenshots "$out"
  echo "demo: screenshots of every screen are in $out, printed receipts in $out/paper:"
  ls -1 "$out" "$out/paper"
fi
