#!/usr/bin/env bash
# Test certificates for mutual TLS between kiosks and the platform emulator (development only):
#   tools/dev-certs.sh OUT_DIR [KIOSK_ID ...]     (default kiosk: KIOSK-DEV-0001)
# Writes OUT_DIR/ca.pem (+ ca.key), platform.pem/.key (for localhost and 127.0.0.1), and for each
# kiosk <ID>.pem/.key whose certificate's CN is the kiosk id. Existing files are kept, so the
# script is idempotent; delete OUT_DIR to start over. EC P-256 keys: quick to make and to use.
set -euo pipefail
out=${1:?usage: dev-certs.sh OUT_DIR [KIOSK_ID ...]}
shift
kiosks=("$@")
[ ${#kiosks[@]} -gt 0 ] || kiosks=(KIOSK-DEV-0001)
mkdir -p "$out"
cd "$out"
umask 077

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

if [ ! -f ca.pem ]; then
  newkey ca.key
  openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/O=OneWindow Dev/CN=OneWindow Dev CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
fi

# sign NAME SUBJECT EXTFILE_CONTENT
sign() {
  local name=$1 subject=$2 ext=$3
  [ -f "$name.pem" ] && return 0
  newkey "$name.key"
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  printf '%s\n' "$ext" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days 825 \
    -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

sign platform "/O=OneWindow Dev/CN=localhost" \
  "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"

for id in "${kiosks[@]}"; do
  sign "$id" "/O=OneWindow Dev/CN=$id" \
    "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
done
chmod 0644 ./*.pem
echo "dev-certs: CA, platform and ${#kiosks[@]} kiosk certificate(s) in $(pwd)"
