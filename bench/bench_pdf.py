"""Speed on text-layer PDFs: the whole pipeline against bare pdfplumber and bare pypdfium2.

Measured in one run on the same files (the sample PDFs), best of REPEATS:
- bare pypdfium2: the text of every page (the floor);
- bare pdfplumber: ``extract_text()`` and ``extract_tables()`` on every page;
- ita-extract: reading, recognising and resolving each document (no CSV writing).
Prints pages per second for each and the pipeline's ratio to bare pdfplumber.

    python bench/bench_pdf.py [PDF ...]
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ita_extract.batch.inputs import InputFile
from pipeline import process_file

REPEATS = 3
DEFAULT = sorted(Path("data/raw/samples_pdf").glob("*.pdf"))


def bare_pdfium(paths: list[Path]) -> None:
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        for page in pdf:
            tp = page.get_textpage()
            tp.get_text_range(0, tp.count_chars())
        pdf.close()


def bare_pdfplumber(paths: list[Path]) -> None:
    for path in paths:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()


def pipeline(paths: list[Path]) -> None:
    for path in paths:
        result = process_file(InputFile(path, path.name))
        assert result.document.status != "failed", result.document.error


def best_of(fn, paths: list[Path]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn(paths)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or DEFAULT
    pages = sum(len(pdfium.PdfDocument(str(p))) for p in paths)
    print(
        f"{len(paths)} PDFs, {pages} pages; {platform.machine()}, "
        f"Python {platform.python_version()}, best of {REPEATS}"
    )
    results = {}
    for name, fn in (
        ("bare pypdfium2 text", bare_pdfium),
        ("bare pdfplumber text+tables", bare_pdfplumber),
        ("ita-extract pipeline", pipeline),
    ):
        seconds = best_of(fn, paths)
        results[name] = seconds
        print(f"{name:30s} {seconds:7.2f} s  {pages / seconds:7.1f} pages/s")
    ratio = results["ita-extract pipeline"] / results["bare pdfplumber text+tables"]
    print(f"pipeline / bare pdfplumber: {ratio:.2f} (target ≤ 1.00)")


if __name__ == "__main__":
    main()
