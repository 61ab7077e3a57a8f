#!/usr/bin/env bash
# Install test on a fresh Debian 12: the .deb from build/release goes into a minimal bookworm root
# made by debootstrap, with its dependencies from the Debian mirror, exactly as on a new kiosk PC.
# Inside (chroot) it checks kiosk --version, kioskctl config check, the onewindow user, the 0700
# data folder and the enabled unit, measures the installed binary's cold start to READY=1, then
# purges the package. Needs root (chroot, mounts) and the mirror; takes minutes the first time.
#
#   tools/deploy-test.sh [--if-cached] [BUILD_DIR]
#
# The debootstrap root and downloaded .debs are cached in $OW_DEBOOTSTRAP_CACHE
# (default /var/cache/onewindow-debootstrap). --if-cached: do nothing unless that cache exists
# (tools/test.sh runs it that way, or fully when OW_DEPLOY_TEST=1).
set -euo pipefail
cd "$(dirname "$0")/.."

if_cached=0
if [ "${1:-}" = "--if-cached" ]; then if_cached=1; shift; fi
build=${1:-build/release}
cache=${OW_DEBOOTSTRAP_CACHE:-/var/cache/onewindow-debootstrap}
mirror=${OW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
base="$cache/bookworm-minbase.tar"

if [ "$if_cached" = 1 ] && [ ! -f "$base" ] && [ "${OW_DEPLOY_TEST:-0}" != 1 ]; then
  echo "deploy-test: skipped (no $base; run tools/deploy-test.sh once, or set OW_DEPLOY_TEST=1)"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "deploy-test: needs root (debootstrap, chroot)" >&2; exit 1; }

if [ ! -f "$base" ]; then
  command -v debootstrap > /dev/null || { echo "deploy-test: apt-get install debootstrap" >&2; exit 1; }
  echo "deploy-test: debootstrap bookworm (minbase) from $mirror into the cache, once"
  rm -rf "$cache/bookworm.tmp"
  mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$cache/bookworm.tmp" "$mirror" > "$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  tar -C "$cache/bookworm.tmp" -cf "$base.tmp" . && mv "$base.tmp" "$base"
  rm -rf "$cache/bookworm.tmp"
fi
mkdir -p "$cache/archives/partial"

work=$(mktemp -d /var/tmp/ow-deploy.XXXXXX)
root="$work/root"
mounts=()
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$root"
tar -C "$root" -xf "$base"

echo "deploy-test: building the .deb (cpack, from the built binaries)"
cpack --config "$build/CPackConfig.cmake" -B "$work/out" > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$work"/out/onewindow_*.deb)
cp "$deb" "$root/tmp/onewindow.deb"

mount -t proc proc "$root/proc" && mounts+=("$root/proc")
mount --bind "$cache/archives" "$root/var/cache/apt/archives" && mounts+=("$root/var/cache/apt/archives")
cp /etc/resolv.conf "$root/etc/resolv.conf" 2> /dev/null || true
# No service may start inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
echo "deb $mirror bookworm main" > "$root/etc/apt/sources.list"

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
echo "deploy-test: apt-get install ./onewindow.deb with its dependencies"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends /tmp/onewindow.deb > "$work/install.log" 2>&1 \
  || { tail -40 "$work/install.log" >&2; exit 1; }
grep -A4 "Next steps" "$work/install.log" || true

fails=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if out=$("$@" 2>&1); then echo "ok: $what"; else echo "FAIL: $what: $out" >&2; fails=$((fails + 1)); fi
}
check "kiosk --version" in_root /usr/bin/kiosk --version
in_root /usr/bin/kiosk --version
check "kioskctl config check" in_root /usr/bin/kioskctl config check
in_root /usr/bin/kioskctl config check || true
check "onewindow system user" in_root getent passwd onewindow
check "onewindow in dialout" sh -c "chroot '$root' id -nG onewindow | grep -qw dialout"
check "/var/lib/onewindow is 0700 onewindow" sh -c "[ \"\$(chroot '$root' stat -c '%a %U' /var/lib/onewindow)\" = '700 onewindow' ]"
check "unit enabled" test -L "$root/etc/systemd/system/graphical.target.wants/onewindow-kiosk.service"
check "udev rules installed" test -f "$root/lib/udev/rules.d/70-onewindow.rules"
check "config is a conffile" sh -c "chroot '$root' dpkg-query -W -f='\${Conffiles}' onewindow | grep -q /etc/onewindow/kiosk.toml"

echo "deploy-test: cold start of the installed binary (process start → READY=1)"
if [ -x "$build/tools/bench/bench_deploy" ]; then
  check "cold start measured" sh -c "'$build/tools/bench/bench_deploy' --chroot '$root' --runs 5 > '$work/bench.json'"
  cat "$work/bench.json"
fi

check "purge" in_root apt-get purge -y -qq onewindow
check "unit gone after purge" test ! -e "$root/lib/systemd/system/onewindow-kiosk.service"
check "data kept after purge" test -d "$root/var/lib/onewindow"

if [ "$fails" -gt 0 ]; then
  echo "deploy-test: $fails check(s) failed" >&2
  exit 1
fi
echo "deploy-test: all checks passed"
