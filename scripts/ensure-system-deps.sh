#!/usr/bin/env bash
# Installs the system parts mlops-deck needs (Chromium, the deck's fonts, poppler for PDF
# checks) with apt-get when they are missing and we can; otherwise says what to install.
set -u
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || command -v google-chrome >/dev/null 2>&1 || [ -n "${CHROME_PATH:-}" ] || missing+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK JP" || missing+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "Lato" || missing+=(fonts-lato)
fc-list 2>/dev/null | grep -q "DejaVu Sans Mono" || missing+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing system packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    && exit 0
  echo "apt-get install failed for: ${missing[*]}" >&2
  exit 1
fi
echo "mlops-deck needs these system packages: ${missing[*]}" >&2
echo "  Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
echo "  macOS: install Google Chrome, and the Noto Sans CJK JP and Lato fonts" >&2
exit 1
