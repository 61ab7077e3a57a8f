#!/usr/bin/env bash
# Renders every kiosk screen and overlay for review: each line of tools/screens/screens.list, in
# landscape (1920×1080) and portrait (1080×1920), standard and elderly mode, headless, into one
# folder (default screens-out/) as <name>-<orientation>-<mode>.png. Also names any ScreenId that has
# no line yet. The document camera shows a generated picture of a page on a desk; a line whose steps
# include "%online" runs with the platform emulator, so the kiosk is online; one with "%standard"
# is rendered in standard mode only.
# Each screen's layout audit (ui/audit.hpp: touch targets, text size, contrast, clipping at the
# configured DPI) goes to <out-dir>/audit.txt, one JSON line per screen, orientation and mode.
# Usage: [OW_SCREENS_DPI=96] tools/screens.sh [out-dir] [name-filter-regex]  (the DPI the audit judges sizes at)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$(realpath -m "${1:-screens-out}")
filter="${2:-.}"
bin=${OW_BUILD_DIR:-build/release}
list=tools/screens/screens.list

if [ ! -x "$bin/ui/kiosk" ] || [ ! -x "$bin/tools/devsim/devsim" ] || [ ! -x "$bin/tools/platform-emu/platform-emu" ]; then
  cmake --preset release >/dev/null
  cmake --build "$bin" --target kiosk devsim platform-emu -j "$(nproc)"
fi

work=$(mktemp -d /tmp/onewindow-screens.XXXXXX)
sim_pid=""
emu_pid=""
printer_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
  [ -n "$printer_pid" ] && kill "$printer_pid" 2>/dev/null || true
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out"
rm -f "$out/audit.txt"

# The ID card reader simulator, for screens a card leads to.
"$bin/tools/devsim/devsim" idcard --control "$work/idcard.sock" --link "$work/idcard.tty" >"$work/idcard.out" 2>&1 &
sim_pid=$!
for _ in $(seq 50); do [ -e "$work/idcard.tty" ] && [ -e "$work/idcard.sock" ] && break; sleep 0.1; done

# The receipt printer simulator: receipts print, so the ending shows what the citizen sees at a hall.
mkdir -p "$work/paper"
"$bin/tools/devsim/devsim" printer --tcp 0 --out "$work/paper" --control "$work/printer.sock" >"$work/printer.out" 2>&1 &
printer_pid=$!
printer_address=""
for _ in $(seq 50); do
  printer_address=$(sed -n 's/^tcp //p' "$work/printer.out" | head -n1)
  [ -n "$printer_address" ] && break
  sleep 0.1
done

# The document camera's picture: a white page with lines of "text" on a desk (a plain PPM).
mkdir -p "$work/camera"
awk -v W=640 -v H=360 'BEGIN {
  print "P3"; print W, H; print 255
  for (y = 0; y < H; y++) {
    row = ""
    for (x = 0; x < W; x++) {
      if (x >= 200 && x < 440 && y >= 20 && y < 340) {
        ink = x >= 222 && x < 418 && y >= 50 && y < 310 && (y - 50) % 22 < 7
        row = row (ink ? "40 40 40 " : "245 245 240 ")
      } else {
        row = row "120 110 90 "
      }
    }
    print row
  }
}' >"$work/camera/page.ppm"

# The face camera blinks: the test portrait four times with its eyes open, once shut, each for 0.2 s.
mkdir -p "$work/face"
for n in 1 2 3 4; do ln -sf "$root/tests/assets/face/astronaut_face.jpg" "$work/face/$n.jpg"; done
ln -sf "$root/tests/assets/face/astronaut_face_eyes_shut.jpg" "$work/face/5.jpg"

# The platform emulator, started for the first line that wants the kiosk online.
platform_url=""
start_platform() {
  [ -n "$platform_url" ] && return
  "$bin/tools/platform-emu/platform-emu" --plain --port 0 --db "$work/platform.db" \
    --face-checks "$root/assets/devsim/face_checks.json" >"$work/platform.out" 2>"$work/platform.log" &
  emu_pid=$!
  for _ in $(seq 100); do [ -s "$work/platform.out" ] && break; sleep 0.1; done
  platform_url="http://127.0.0.1:$(head -1 "$work/platform.out" | grep -o '[0-9]*$')"
}

# name → steps, from the list (comments and blank lines skipped).
declare -A steps
names=()
while IFS= read -r line; do
  case "$line" in '#'* | '') continue ;; esac
  name=$(echo "${line%%|*}" | xargs)
  steps[$name]=$(echo "${line#*|}" | sed 's/^ *//')
  names+=("$name")
done <"$list"

# Every ScreenId the kiosk knows (its script names) should have a line.
for screen in $(grep -o 'return "[a-z_]*";' kiosk/session/session.cpp | sed 's/return "\(.*\)";/\1/' | grep -v unknown); do
  [ -n "${steps[$screen]+x}" ] || echo "screens.sh: no line for screen '$screen' in $list" >&2
done

# Expands "@name" references into that line's steps, one step per output line.
expand() {
  local IFS=';'
  local part
  for part in $1; do
    part=$(echo "$part" | sed 's/^ *//; s/ *$//')
    [ -z "$part" ] && continue
    if [[ "$part" == @* && "$part" != *" "* ]]; then
      expand "${steps[${part#@}]}"
    else
      echo "$part"
    fi
  done
}

failed=0
for orientation in landscape portrait; do
  for mode in standard elderly; do
    cfg="$work/$orientation-$mode"
    for name in "${names[@]}"; do
      [[ "$name" =~ $filter ]] || continue
      run="$cfg/$name"
      rm -rf "$run"
      mkdir -p "$run"
      script_steps=$(expand "${steps[$name]}")
      # A screen only standard mode has (the offer of elderly mode) is not rendered in elderly mode.
      if [ "$mode" = elderly ] && grep -qx '%standard' <<<"$script_steps"; then continue; fi
      platform=""
      if grep -qx '%online' <<<"$script_steps"; then
        start_platform
        platform=$'[platform]\n'"url = \"$platform_url\""$'\ninsecure_dev = true'
      fi
      cat >"$run/kiosk.toml" <<TOML
[kiosk]
id = "KIOSK-SCREENS"
number = 17
hall_name = "马尚街道便民服务中心"
data_dir = "$run/data"
assets_dir = "$root/assets"
orientation = "$orientation"
[display]
dpi = ${OW_SCREENS_DPI:-96}
[idcard]
port = "$work/idcard.tty"
[printer]
transport = "tcp"
address = "$printer_address"
[face_camera]
source = "folder:$work/face"
fps = 15
frame_repeat = 3
liveness = ["blink"]
[document_camera]
source = "folder:$work/camera"
fps = 5
$platform
TOML
      idle=85
      {
        echo "wait_screen attract"
        if [ "$mode" = elderly ]; then
          echo 'tap "长辈模式"'
          idle=170  # elderly mode doubles the idle time and the countdown
        fi
        grep -vx '%online\|%standard' <<<"$script_steps" | sed "s|@IDCARD@|$work/idcard.sock|g; s|@IDLE@|$idle|g"
        echo "sleep_ms 300"
        echo "screenshot shot"
        echo "audit $name"
      } >"$run/script.txt"
      if "$bin/ui/kiosk" --config "$run/kiosk.toml" --script "$run/script.txt" --screenshots "$run/shots" \
        --audit "$run/audit.jsonl" 2>"$run/log.txt"; then
        cp "$run/shots/shot.png" "$out/$name-$orientation-$mode.png"
        cat "$run/audit.jsonl" >>"$out/audit.txt"
      else
        echo "screens.sh: $name ($orientation, $mode) failed: $(grep 'script step' "$run/log.txt" | tail -1)" >&2
        failed=1
      fi
    done
  done
done
echo "screens.sh: $(ls "$out"/*.png | wc -l) screenshots in $out"
if [ -s "$out/audit.txt" ]; then
  echo "screens.sh: layout audit in $out/audit.txt, $(grep -vc '"violations":\[\]' "$out/audit.txt" || true) of $(wc -l <"$out/audit.txt") screens with violations"
fi
exit $failed
