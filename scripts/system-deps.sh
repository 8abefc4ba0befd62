#!/usr/bin/env bash
# Debian packages the project needs besides Python ones, given as arguments:
#   chromium        the headless browser of the end-to-end app test (Playwright drives it)
#   fonts-noto-cjk  Chinese text in figures and reports
#   libreoffice-writer-nogui, poppler-utils  the test that opens the DOCX report as a PDF page
#   postgresql      the throw-away server of the study store's tests (scripts/postgres.sh)
# Installs the missing ones with apt-get when run as root (as CI does); otherwise prints
# the command to run. On a system without dpkg/apt-get it only prints what is needed.
set -uo pipefail
missing=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "${missing[@]}" >/dev/null; } \
    || { echo "scripts/system-deps.sh: could not install ${missing[*]}" >&2; exit 1; }
else
  echo "Please install: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
