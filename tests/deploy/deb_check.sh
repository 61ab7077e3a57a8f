#!/usr/bin/env bash
# Builds the .deb from an already-built tree and checks it the way a field engineer's PC will see it:
#   deb_check.sh BUILD_DIR WORK_DIR
# cpack reuses the built binaries (no rebuild). Checks: control fields and dependencies, the file
# list with owners and modes, maintainer scripts, the config the package installs, the systemd
# unit, sysusers and tmpfiles entries (applied to a scratch root), lintian errors where lintian is
# installed, and the extracted programs running from the package's own paths.
set -euo pipefail
build=${1:?usage: deb_check.sh BUILD_DIR WORK_DIR}
work=${2:?usage: deb_check.sh BUILD_DIR WORK_DIR}
rm -rf "$work"
mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

cpack --config "$build/CPackConfig.cmake" -B "$work/out" > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$work"/out/onewindow_*.deb)
echo "package: $deb ($(du -h "$deb" | cut -f1))"

# --- control fields -------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = onewindow ] && ok "Package" || fail "Package is '$(field Package)'"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] && ok "Architecture" || fail "Architecture '$(field Architecture)'"
[ -n "$(field Version)" ] && [ -n "$(field Maintainer)" ] && ok "Version, Maintainer" || fail "Version or Maintainer missing"
depends=$(field Depends)
for dep in fonts-noto-cjk cage espeak-ng-data opencv-data tegaki-zinnia-simplified-chinese libzinnia libsane1 systemd libc6 libsdl2 libsqlite3 libsodium libcurl; do
  grep -q "$dep" <<<"$depends" && ok "Depends on $dep" || fail "Depends lacks $dep: $depends"
done

# --- files, owners, modes -------------------------------------------------------------------
dpkg-deb -c "$deb" > "$work/files.txt"
expect() {  # expect MODE PATH
  local line
  line=$(awk -v p="./$2" '$6 == p { print $1, $2 }' "$work/files.txt")
  [ "$line" = "$1 root/root" ] && ok "$1 $2" || fail "$2: expected '$1 root/root', found '${line:-missing}'"
}
expect -rwxr-xr-x usr/bin/kiosk
expect -rwxr-xr-x usr/bin/kioskctl
if grep -q "./usr/bin/matterpack$" "$work/files.txt"; then expect -rwxr-xr-x usr/bin/matterpack; fi
expect -rwxr-xr-x usr/lib/onewindow/kiosk-launch
expect -rw-r--r-- etc/onewindow/kiosk.toml
expect -rw-r--r-- etc/default/onewindow
expect -rw-r--r-- lib/systemd/system/onewindow-kiosk.service
expect -rw-r--r-- lib/udev/rules.d/70-onewindow.rules
expect -rw-r--r-- usr/lib/sysusers.d/onewindow.conf
expect -rw-r--r-- usr/lib/tmpfiles.d/onewindow.conf
expect -rw-r--r-- usr/share/polkit-1/rules.d/50-onewindow.rules
expect -rw-r--r-- usr/share/man/man1/kiosk.1.gz
expect -rw-r--r-- usr/share/man/man1/kioskctl.1.gz
expect -rw-r--r-- usr/share/doc/onewindow/copyright
expect -rw-r--r-- usr/share/doc/onewindow/changelog.gz
grep -q "./usr/share/onewindow/catalog/" "$work/files.txt" && ok "catalog assets" || fail "no catalog under /usr/share/onewindow"
if awk '$1 ~ /^-/ && $1 ~ /w.$/' "$work/files.txt" | grep -q .; then fail "world-writable files"; else ok "nothing world-writable"; fi
# Nothing from the build machine's tree may leak into the package.
if grep -q "/work/\|/build/" "$work/files.txt"; then fail "build paths in the file list"; else ok "no build paths"; fi

# --- maintainer scripts and conffiles -------------------------------------------------------
dpkg-deb -e "$deb" "$work/DEBIAN"
for s in postinst prerm postrm; do
  [ -x "$work/DEBIAN/$s" ] && sh -n "$work/DEBIAN/$s" && ok "$s is an executable, valid sh script" || fail "$s"
done
grep -q "systemd-sysusers" "$work/DEBIAN/postinst" && grep -q "deb-systemd-helper" "$work/DEBIAN/postinst" \
  && ok "postinst creates the user and enables the unit" || fail "postinst lacks sysusers or unit enabling"
grep -qx "/etc/onewindow/kiosk.toml" "$work/DEBIAN/conffiles" && ok "kiosk.toml is a conffile" || fail "kiosk.toml not a conffile"
grep -q "^Depends:" "$work/DEBIAN/control" || fail "control has no Depends"

# --- the unpacked tree ----------------------------------------------------------------------
root="$work/root"
dpkg-deb -x "$deb" "$root"
conf="$root/etc/onewindow/kiosk.toml"
grep -qx 'data_dir = "/var/lib/onewindow"' "$conf" && grep -qx 'assets_dir = "/usr/share/onewindow"' "$conf" \
  && ok "installed config points at the installed paths" || fail "installed config paths"
[ -d "$root/usr/share/onewindow/catalog/sample" ] && ok "sample catalog installed" || fail "sample catalog missing"
unit="$root/lib/systemd/system/onewindow-kiosk.service"
for line in "Type=notify" "WatchdogSec=30" "Restart=on-failure" "ProtectSystem=strict" "ProtectHome=yes" \
  "PrivateTmp=yes" "NoNewPrivileges=yes" "ReadWritePaths=/var/lib/onewindow" "NotifyAccess=all" "User=onewindow" \
  "TTYPath=/dev/tty1" "LimitCORE=0" "DevicePolicy=closed" "ProtectProc=invisible" "SystemCallFilter=@system-service" \
  "LoadCredentialEncrypted=store.key:onewindow.store.key"; do
  grep -qx "$line" "$unit" && ok "unit: $line" || fail "unit lacks $line"
done
if command -v systemd-analyze > /dev/null; then
  # Syntax and known keys of the unit. Its programs and man pages are not on this machine, which
  # is the only thing allowed to be reported.
  systemd-analyze verify "$unit" > "$work/verify.log" 2>&1 || true
  if grep -v "kiosk-launch is not executable\|Command 'man " "$work/verify.log" | grep -q .; then
    cat "$work/verify.log" >&2
    fail "systemd-analyze verify"
  else
    ok "systemd-analyze verify"
  fi
fi
# The unit's exposure as systemd rates it (issue 24: 3.7 before the hardening, 1.9 after). A
# change that loosens the sandbox fails here; lower the bound when the unit gets tighter.
max_exposure=1.9
if systemd-analyze security --help 2>&1 | grep -q -- "--offline"; then
  systemd-analyze security --offline=yes "$unit" > "$work/security.log" 2>&1 || true
  score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$work/security.log")
  if [ -z "$score" ]; then
    cat "$work/security.log" >&2
    fail "systemd-analyze security gave no exposure score"
  elif awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }'; then
    ok "systemd-analyze security: exposure $score (at most $max_exposure)"
  else
    grep "✗" "$work/security.log" >&2 || true
    fail "systemd-analyze security: exposure $score, above $max_exposure"
  fi
else
  echo "systemd-analyze security --offline not available: skipped"
fi
# sysusers and tmpfiles applied to a scratch root: the user, its groups, the 0700 data folder.
scratch="$work/scratch"
mkdir -p "$scratch/etc"
systemd-sysusers --root="$scratch" "$root/usr/lib/sysusers.d/onewindow.conf" > /dev/null 2>&1 || true
grep -q "^onewindow:x:[0-9]*:[0-9]*:.*:/var/lib/onewindow:/usr/sbin/nologin$" "$scratch/etc/passwd" 2>/dev/null \
  && ok "sysusers creates the onewindow system user" || fail "sysusers: no onewindow user in $(cat "$scratch/etc/passwd" 2>/dev/null)"
grep -q "^dialout:.*onewindow" "$scratch/etc/group" 2>/dev/null && ok "onewindow is in dialout" || fail "onewindow not in dialout"
systemd-tmpfiles --root="$scratch" --create "$root/usr/lib/tmpfiles.d/onewindow.conf" > /dev/null 2>&1 || true
mode=$(stat -c %a "$scratch/var/lib/onewindow" 2>/dev/null || echo missing)
[ "$mode" = 700 ] && ok "tmpfiles makes /var/lib/onewindow 0700" || fail "/var/lib/onewindow mode $mode"

# The programs from the package, with the package's config.
out=$("$root/usr/bin/kiosk" --version) && grep -q "^kiosk (OneWindow) " <<<"$out" && ok "kiosk --version: $out" \
  || fail "kiosk --version: $out"
if out=$("$root/usr/bin/kioskctl" --config "$conf" config check 2>&1) && grep -q "is valid" <<<"$out"; then
  ok "kioskctl config check accepts the installed config"
else
  fail "kioskctl config check: $out"
fi
zcat "$root/usr/share/man/man1/kioskctl.1.gz" | grep -q "^\.TH KIOSKCTL 1" && ok "kioskctl man page" || fail "kioskctl man page"

# --- lintian --------------------------------------------------------------------------------
if command -v lintian > /dev/null; then
  lintian --tag-display-limit 0 "$deb" > "$work/lintian.log" 2>&1 || true
  errors=$(grep "^E:" "$work/lintian.log" || true)
  echo "lintian: $(grep -c '^E:' "$work/lintian.log" || true) errors, $(grep -c '^W:' "$work/lintian.log" || true) warnings"
  grep "^W:" "$work/lintian.log" || true
  if [ -n "$errors" ]; then echo "$errors" >&2; fail "lintian errors"; fi
else
  echo "lintian not installed: skipped"
fi

if [ "$fails" -gt 0 ]; then
  echo "$fails check(s) failed" >&2
  exit 1
fi
echo "deb_check: all checks passed"
