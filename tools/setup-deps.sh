#!/usr/bin/env bash
# Installs every Debian package OneWindow builds, tests or runs with.
# Idempotent: packages already present are skipped, apt runs only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ninja-build clang libclang-rt-14-dev
  libsdl2-dev libimgui-dev doctest-dev
  nlohmann-json3-dev libsodium-dev libsqlite3-dev sqlite3 libcurl4-openssl-dev libssl-dev openssl
  libtomlplusplus-dev libcli11-dev libcpp-httplib-dev
  fonts-noto-cjk libusb-1.0-0-dev
  libopencv-dev opencv-data libjpeg62-turbo-dev libzxing-dev libqrencode-dev
  libcups2-dev cups-ipp-utils libcairo2-dev
  libsane-dev libsane1 sane-utils
  libpcsclite-dev pcscd vsmartcard-vpcd
  libespeak-ng-dev espeak-ng-data libgooglepinyin0-dev rime-data-luna-pinyin
  libzinnia-dev tegaki-zinnia-simplified-chinese
  libopencc-dev libopencc-data libsystemd-dev
  libexpected-dev libstb-dev libvalijson-dev zlib1g-dev
  xvfb xauth
  chromium  # tools/bench: the web-kiosk peer of the start-up bench (issue 25)
  dpkg-dev file lintian
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
