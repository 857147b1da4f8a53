#!/usr/bin/env bash
# Installs the Debian tools the test suite uses as independent peers (Chromium for the UI,
# poppler and zbar to read our PDFs and QR codes, ImageMagick, qpdf, ffmpeg, NSS tools,
# sqlite3). Skips apt entirely when every tool is already there.
set -euo pipefail

packages=(chromium zbar-tools poppler-utils imagemagick qpdf ffmpeg libnss3-tools sqlite3 fonts-dejavu-core python3)
tools=(chromium zbarimg pdftoppm pdfsig pdfdetach convert-im6.q16 qpdf ffmpeg certutil sqlite3 python3)

# Electronegativity lives in its own folder and lock (it breaks on newer TypeScript).
install_tools() {
  local here
  here="$(cd "$(dirname "$0")/.." && pwd)"
  if [ ! -d "$here/tools/electronegativity/node_modules/@doyensec/electronegativity" ]; then
    echo "install-test-deps: installing tools/electronegativity"
    (cd "$here/tools/electronegativity" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
install_tools

missing=()
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: all test tools present"
  exit 0
fi
echo "install-test-deps: missing ${missing[*]}; installing Debian packages"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "install-test-deps: run as root or install: ${packages[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}"
