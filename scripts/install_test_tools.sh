#!/usr/bin/env bash
# Install what the tests need beyond Python packages (Debian packages), when missing:
# LibreOffice Calc without its GUI, to open the CSV tables as a spreadsheet user would
# (tests/test_outputs_for_analysts.py), and Chromium, to open the HTML report as a reader
# would (tests/test_report_browser.py, driven by Playwright for Python with this browser:
# no `playwright install` download). Needs root and apt-get; otherwise says what to install
# and goes on (those tests are then skipped).
set -euo pipefail
missing=()
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
else
  echo "note: install ${missing[*]} to run the spreadsheet and browser tests" >&2
fi
