"""Accuracy on the development set: the shared evaluator's figures per format, in one table.

Extracts every document of the development set (../shared/devset/docs beside the repository,
or the folder given with --devset) into a fresh temporary output with
``pipeline.py run DOCS --out TMP -q --force``, timing the run, then runs the shared evaluator
(../shared/tools/evaluate.py beside the development set) once per format group: txt, html, pdf
(text-layer PDFs), scan (image-only PDFs) and txt,html,pdf together. Prints one row per group
(documents, precision and recall of indicator scores, overall scores found, metadata accuracy,
contradicting metadata values, item precision and recall, measure counts in range, measure
titles and statuses found), then the date, the machine and the extraction wall time.

This is a development measure, not a test: the development set is a small invented sample and
the figures say how the extractor does on it, not whether it is right. When the development
set or the evaluator is not there, the script says so and exits 0.

    python3 bench/bench_devset.py [--devset FOLDER] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"

GROUPS = ["txt", "html", "pdf", "scan", "txt,html,pdf"]
COLUMNS = [
    ("docs", "docs", "{:.0f}"),
    ("precision", "precision", "{:.4f}"),
    ("recall", "recall", "{:.4f}"),
    ("overall", "overall", "{:.3f}"),
    ("meta", "meta", "{:.4f}"),
    ("wrong_meta", "wrong_meta", "{:.0f}"),
    ("items_p", "items_p", "{:.3f}"),
    ("items_r", "items_r", "{:.3f}"),
    ("measures_ok", "measures_ok", "{:.2f}"),
    ("titles", "titles", "{:.2f}"),
    ("status", "status", "{:.2f}"),
]


def first_missing(devset: Path) -> Path | None:
    """The first thing the benchmark needs and does not find, or None."""
    needed = [devset, devset / "docs", devset / "gold", devset.parent / "tools" / "evaluate.py"]
    return next((path for path in needed if not path.exists()), None)


def extract(docs: Path, out: Path) -> tuple[float, int]:
    """Run the pipeline over DOCS into OUT; returns wall seconds and its exit status."""
    command = [sys.executable, "pipeline.py", "run", str(docs), "--out", str(out), "-q", "--force"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT)
    return time.perf_counter() - start, done.returncode


def parse_result(line: str) -> dict[str, float]:
    """The key=value pairs of the evaluator's RESULT line, as numbers where they are."""
    figures: dict[str, float] = {}
    for pair in line.split()[1:]:
        key, sep, value = pair.partition("=")
        if not sep:
            continue
        try:
            figures[key] = int(value) if value.isdigit() else float(value)
        except ValueError:
            continue
    return figures


def evaluate(evaluator: Path, out: Path, gold: Path, only_ext: str) -> dict[str, float]:
    """The evaluator's figures on OUT for the formats in ONLY_EXT."""
    command = [
        sys.executable,
        str(evaluator),
        "--out",
        str(out),
        "--gold",
        str(gold),
        "--only-ext",
        only_ext,
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    if not results:
        raise RuntimeError(
            f"evaluate.py --only-ext {only_ext} printed no RESULT line "
            f"(exit {done.returncode}): {done.stderr.strip()[-500:]}"
        )
    return parse_result(results[-1])


def cell(figures: dict[str, float], key: str, fmt: str) -> str:
    value = figures.get(key)
    return "-" if value is None else fmt.format(value)


def table(rows: dict[str, dict[str, float]]) -> list[str]:
    """The rows as aligned text lines, with a header."""
    header = ["format"] + [title for title, _, _ in COLUMNS]
    body = [
        [group] + [cell(figures, key, fmt) for _, key, fmt in COLUMNS]
        for group, figures in rows.items()
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = []
    for line in [header, *body]:
        first = line[0].ljust(widths[0])
        cells = zip(line[1:], widths[1:], strict=True)
        rest = "  ".join(text.rjust(width) for text, width in cells)
        lines.append(f"{first}  {rest}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--devset", type=Path, default=DEVSET, help=f"development set folder (default: {DEVSET})"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args()
    devset = args.devset.resolve()
    missing = first_missing(devset)
    if missing is not None:
        print(f"skipped: {missing} not found (development set or evaluator absent)")
        return 0
    evaluator = devset.parent / "tools" / "evaluate.py"
    with tempfile.TemporaryDirectory(prefix="ita-devset-") as tmp:
        out = Path(tmp) / "out"
        seconds, status = extract(devset / "docs", out)
        if status not in (0, 1):
            print(f"pipeline.py run failed (exit {status})", file=sys.stderr)
            return 1
        if status == 1:
            print("note: some documents failed (exit 1); they count as misses", file=sys.stderr)
        rows = {group: evaluate(evaluator, out, devset / "gold", group) for group in GROUPS}
    today = datetime.date.today().isoformat()
    machine = f"{platform.platform()}, {os.cpu_count()} cores"
    for line in table(rows):
        print(line)
    print(f"date: {today}; machine: {machine}")
    print(f"extraction: {seconds:.1f} s wall for {devset / 'docs'}")
    if args.json:
        report = {
            "date": today,
            "machine": platform.platform(),
            "cores": os.cpu_count(),
            "devset": str(devset),
            "extraction_seconds": round(seconds, 2),
            "pipeline_exit": status,
            "groups": rows,
        }
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
