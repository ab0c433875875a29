#!/usr/bin/env bash
# Install Tesseract with its Thai data (Debian packages) when missing; OCR of scanned PDFs needs
# them. Needs root and apt-get; otherwise says what to install and goes on (text files and
# PDFs with a text layer do not need OCR).
set -euo pipefail
if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx tha; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    tesseract-ocr tesseract-ocr-tha >/dev/null
else
  echo "note: install tesseract-ocr and tesseract-ocr-tha to read scanned PDFs" >&2
fi
