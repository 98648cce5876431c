#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the dashboard's browser tests (playwright-core drives it;
# no browser is downloaded from the internet), with a font that has Chinese glyphs (without one the wall and the
# console draw empty boxes), and poppler-utils (pdftoppm, pdfinfo) so the morning report's PDF test renders its pages:
# installs the chromium, fonts-wqy-microhei and poppler-utils packages with apt-get when missing.
set -euo pipefail

BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
missing=()
[ -x "$BIN" ] || missing+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then missing+=(fonts-wqy-microhei); fi
command -v pdftoppm >/dev/null || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "ensure-chromium: $BIN, a Chinese font and pdftoppm present"
  exit 0
fi

echo "ensure-chromium: installing Debian's ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
[ -x "$BIN" ] || { echo "ensure-chromium: chromium installed but $BIN is not there" >&2; exit 1; }
echo "ensure-chromium: ready"
