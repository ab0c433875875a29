#!/usr/bin/env bash
# Install what the tests need beyond Python packages (Debian packages), when missing:
# LibreOffice Calc without its GUI, to open the CSV tables as a spreadsheet user would
# (tests/test_outputs_for_analysts.py). Needs root and apt-get; otherwise says what to install
# and goes on (that test is then skipped).
set -euo pipefail
if command -v soffice >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-calc-nogui >/dev/null
else
  echo "note: install libreoffice-calc-nogui to run the spreadsheet test" >&2
fi
