"""The installed package, not the source tree: what ``pip install .`` puts on a machine
(a Dask worker, an analyst's environment) must read scans as the source tree does.

The wheel is built from a copy of the package's own files (so a stale ``build/`` folder of a
developer's tree cannot slip old modules into it), installed into a fresh virtual
environment outside the source tree, and its ``ita-extract`` command runs on the scanned
fixtures. The environment reuses the machine's installed dependencies
(``--system-site-packages``; only the wheel's build backend, setuptools, comes from the
package index), and the test checks that the code that ran is the wheel's. Expected scores:
tests/expected.py, read from the documents.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from conftest import ROOT
from expected import EXPECTED_SCORES
from extract.readers.ocr import tesseract_available

# What the wheel is built from: pyproject.toml's packages, py-modules and readme.
PACKAGE_SOURCES = (
    "pyproject.toml",
    "README.md",
    "pipeline.py",
    "extract",
    "normalize",
    "ita_extract",
)
SCANNED = ROOT / "tests" / "fixtures" / "scanned"


def _run(cmd: list[str], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env)
    assert done.returncode == 0, (cmd, done.stdout[-2000:], done.stderr[-2000:])
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the wheel, the virtual environment it is installed in)."""
    work = tmp_path_factory.mktemp("installed")
    source = work / "source"
    for name in PACKAGE_SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "wheel", str(source), "--no-deps", "--quiet", "--wheel-dir", str(work)], work)
    (wheel,) = work.glob("ita_extract-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], work)
    _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
        work,
    )
    return wheel, venv


def test_the_wheel_holds_the_data_and_only_the_cards_top_level_names(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "extract/readers/data/glyphs.npz" in names  # without it no scan is read
    # the report's templates, style sheet and font (and its licence): package data
    report = resources.files("ita_extract.report")
    expected = {
        f"ita_extract/report/{sub}/{entry.name}"
        for sub in ("templates", "assets", "assets/fonts")
        for entry in (report / sub).iterdir()
        if entry.is_file()
    }
    assert len(expected) >= 10 and expected <= set(names), expected - set(names)
    top = {n.split("/")[0] for n in names if not n.startswith("ita_extract-")}
    assert top == {"pipeline.py", "extract", "normalize", "ita_extract"}


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr-tha not installed")
def test_the_installed_command_reads_the_scans_right(installed, tmp_path):
    _, venv = installed
    where = _run(
        [str(venv / "bin" / "python"), "-c", "import pipeline, extract; print(pipeline.__file__)"],
        tmp_path,
    )
    assert Path(where.strip()).is_relative_to(venv), where  # the wheel's code, not the tree's
    scans = tmp_path / "scans"
    shutil.copytree(SCANNED, scans)
    out = tmp_path / "out"
    _run([str(venv / "bin" / "ita-extract"), "run", str(scans), "--out", str(out), "-q"], tmp_path)
    with open(out / "indicator_scores.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    got: dict[str, dict[int, float]] = {}
    for r in rows:
        got.setdefault(r["source_path"], {})[int(r["indicator_no"])] = float(r["score"])
    assert sorted(got) == sorted(p.name for p in SCANNED.glob("*.pdf"))
    for name, scores in got.items():
        assert scores == EXPECTED_SCORES[name[:20]], name
