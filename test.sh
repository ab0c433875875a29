#!/usr/bin/env bash
# Install ita-extract with its test tools, lint, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install_ocr.sh
bash scripts/install_test_tools.sh
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
python3 -m ruff check .
python3 -m pytest -q "$@"
