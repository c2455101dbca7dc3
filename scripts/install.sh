#!/usr/bin/env bash
# Install the project into .venv (Python packages at the exact tested versions of
# constraints.txt). With --system (as root) also the Debian packages that PDF
# rendering and the browser tests need. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
system=0
for arg in "$@"; do
  case "$arg" in
    --dev) extras="[dev]" ;;
    --system) system=1 ;;
  esac
done

if [ "$system" = 1 ]; then
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  dpkg -s fonts-liberation2 >/dev/null 2>&1 || need+=(fonts-liberation2)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
  if [ "${#need[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "Cài gói hệ thống: ${need[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
      echo "Thiếu gói hệ thống: ${need[*]} (cần quyền root: sudo apt-get install ${need[*]})" >&2
    fi
  fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -c constraints.txt -e ".${extras}"
