#!/usr/bin/env bash
# Install ita-extract and run the main job: every report under data/raw/ → data/out/.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install_ocr.sh
python3 -m pip install --quiet --disable-pip-version-check .
python3 pipeline.py run data/raw --out data/out "$@"
