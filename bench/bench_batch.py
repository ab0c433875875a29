"""Batch throughput: workers, Dask, re-runs and memory, on a corpus of 200 documents.

Builds a corpus in a temporary folder: 25 variants of each of the eight samples (the five
text samples and the three sample PDFs; a variant differs by a trailing line, or for a PDF a
comment after %%EOF, so that every file has its own SHA-256 and is extracted). Then, in one
run, prints:

- documents and pages per second with 1 and with 2 local workers (a fresh output each);
- the same through the Dask executor's local cluster (2 workers);
- an unchanged re-run on the 2-worker output (nothing to extract);
- bare pdfplumber (extract_text + extract_tables on every page) on the three sample PDFs, in
  pages per second (its time per page is the same for the byte-identical variants);
- peak memory (max RSS) of one process extracting a 100-page PDF (the samples' pages joined).

Targets (issue 5, this 2-core machine): 2 workers ≥ 1.7× faster than 1; unchanged re-run
< 5 % of the full run's time; Dask within 1.3× of the local pool; peak memory per worker
< 500 MB on a 100-page PDF.

    python bench/bench_batch.py [--variants 25]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import RunOptions, run  # noqa: E402

SAMPLES = sorted((ROOT / "data/raw/samples").glob("*.txt"))
PDFS = sorted((ROOT / "data/raw/samples_pdf").glob("*.pdf"))

MEMORY = """
import resource, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from ita_extract.batch.inputs import InputFile
from pipeline import process_file
result = process_file(InputFile(Path({path!r}), "big.pdf"))
assert result.document.status != "failed", result.document.error
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def build_corpus(folder: Path, variants: int) -> int:
    """Write the corpus; returns its number of pages."""
    pages = 0
    for n in range(variants):
        for path in SAMPLES:
            text = path.read_text(encoding="utf-8") + f"\nสำเนาที่ {n}\n"
            (folder / f"{path.stem}_v{n:02d}.txt").write_text(text, encoding="utf-8")
            pages += 1
        for path in PDFS:
            data = path.read_bytes() + f"\n%variant {n}\n".encode()
            (folder / f"{path.stem}_v{n:02d}.pdf").write_bytes(data)
            pages += len(pdfium.PdfDocument(path))
    return pages


def timed_run(inputs: Path, out: Path, options: RunOptions) -> tuple[float, int]:
    start = time.perf_counter()
    report = run([inputs], out, options)
    assert not report.failures, report.failures
    return time.perf_counter() - start, report.extracted


def bare_pdfplumber() -> float:
    """Pages per second of pdfplumber's extract_text + extract_tables on the sample PDFs."""
    pages, start = 0, time.perf_counter()
    for path in PDFS:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                pages += 1
    return pages / (time.perf_counter() - start)


def peak_memory_mb(folder: Path) -> tuple[int, float]:
    """Pages of the joined PDF and the max RSS (MB) of a process extracting it."""
    big = pdfium.PdfDocument.new()
    while len(big) < 100:
        for path in PDFS:
            if len(big) < 100:
                src = pdfium.PdfDocument(path)
                big.import_pages(src, list(range(min(len(src), 100 - len(big)))))
    path = folder / "big.pdf"
    big.save(path)
    script = MEMORY.format(root=str(ROOT), path=str(path))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return len(big), int(out.stdout.split()[-1]) / 1024


def variants_from_args() -> int:
    """The ``--variants`` argument of the benchmarks built on this corpus."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", type=int, default=25, help="copies of each sample")
    return parser.parse_args().variants


def corpus_in(work: Path, variants: int) -> tuple[Path, int, int]:
    """Build the corpus in ``work/corpus`` and print what it holds and on what machine;
    returns (folder, documents, pages)."""
    corpus = work / "corpus"
    corpus.mkdir()
    pages = build_corpus(corpus, variants)
    docs = sum(1 for _ in corpus.iterdir())
    print(
        f"corpus: {docs} documents, {pages} pages; {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    return corpus, docs, pages


def main() -> None:
    variants = variants_from_args()
    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        work = Path(tmp)
        corpus, docs, pages = corpus_in(work, variants)
        one, _ = timed_run(corpus, work / "one", RunOptions(workers=1))
        two, _ = timed_run(corpus, work / "two", RunOptions(workers=2))
        dask, _ = timed_run(corpus, work / "dask", RunOptions(workers=2, executor="dask"))
        rerun, extracted = timed_run(corpus, work / "two", RunOptions(workers=2))
        assert extracted == 0
        for name, seconds in (("1 worker", one), ("2 workers", two), ("dask, 2 workers", dask)):
            print(
                f"{name:16s} {seconds:7.1f} s  {docs / seconds:6.1f} docs/s  "
                f"{pages / seconds:6.1f} pages/s"
            )
        print(
            f"{'unchanged re-run':16s} {rerun:7.2f} s  ({rerun / two:.1%} of the 2-worker run; "
            "target < 5 %)"
        )
        print(f"2 workers vs 1: {one / two:.2f}× faster (target ≥ 1.7×)")
        print(f"dask vs local pool: {dask / two:.2f}× the time (target ≤ 1.3×)")
        print(f"bare pdfplumber (text + tables, sample PDFs): {bare_pdfplumber():.1f} pages/s")
        big_pages, mb = peak_memory_mb(work)
        print(f"peak memory, one process on a {big_pages}-page PDF: {mb:.0f} MB (target < 500 MB)")
        shutil.rmtree(work / "corpus")


if __name__ == "__main__":
    main()
