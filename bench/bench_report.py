"""The HTML report's cost against the run's, on bench_batch.py's corpus of 200 documents.

Builds the corpus (25 variants of each of the five text samples and three sample PDFs), runs
ita-extract on it (default options: as many workers as cores), then times, on that output:

- the report as ``run --report`` writes it: ``build_report`` in the run's process (its first
  call, so matplotlib and Jinja2 are loaded in the time);
- the same as a command of its own, ``ita-extract report OUT`` (a new Python process: the
  interpreter and pandas are loaded in the time too);
- the report with page images (``--pages``, at most 3 pages per PDF).

Prints each time, its share of the run's time (target: the report under 10 %) and the size of
the report folder.

    python bench/bench_report.py [--variants 25]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import corpus_in, variants_from_args  # noqa: E402

from pipeline import RunOptions, run  # noqa: E402


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    variants = variants_from_args()
    with tempfile.TemporaryDirectory(prefix="ita-bench-report-") as tmp:
        work = Path(tmp)
        corpus, _, _ = corpus_in(work, variants)
        out = work / "out"
        start = time.perf_counter()
        report = run([corpus], out, RunOptions())
        ran = time.perf_counter() - start
        assert not report.failures, report.failures
        print(f"run ({RunOptions().workers} workers): {ran:.1f} s")

        from ita_extract.report import build_report

        def timed(label: str, action) -> None:
            start = time.perf_counter()
            action()
            seconds = time.perf_counter() - start
            folder = (out / "report").resolve()
            print(
                f"{label:38s} {seconds:6.2f} s  {seconds / ran:6.1%} of the run  "
                f"{size_mb(folder):6.1f} MB"
            )

        timed("report, in the run's process", lambda: build_report(out))
        timed("report again (loaded)", lambda: build_report(out))
        command = [sys.executable, str(ROOT / "pipeline.py"), "report", str(out)]
        timed(
            "ita-extract report OUT (own process)",
            lambda: subprocess.run(command, check=True, capture_output=True),
        )
        timed("report --pages (3 pages per PDF)", lambda: build_report(out, pages=True))


if __name__ == "__main__":
    main()
