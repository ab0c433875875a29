"""Cost of OCR per page: ita-extract's OCR reader against bare Tesseract on the same images.

For every page of the scanned fixtures (tests/fixtures/scanned/), in one run:
- bare Tesseract: ``pytesseract.image_to_data`` (tha+eng, one thread) on the page rendered as
  the reader renders it;
- ita-extract: ``extract.readers.ocr.ocr_page`` (render, deskew, rules, Tesseract, numbers).
Prints seconds per page for both and the ratio (the issue's target: within 1.2×).

    OMP_THREAD_LIMIT=1 python bench/bench_ocr.py [PDF ...]
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytesseract

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.readers.ocr import TESSERACT_LANG, ocr_page, render_for_ocr

DEFAULT = sorted(Path("tests/fixtures/scanned").glob("*.pdf"))


def main() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    paths = [Path(p) for p in sys.argv[1:]] or DEFAULT
    bare = ours = 0.0
    pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        for index in range(len(pdf)):
            image = render_for_ocr(pdf[index])
            start = time.perf_counter()
            pytesseract.image_to_data(image, lang=TESSERACT_LANG)
            bare += time.perf_counter() - start
            start = time.perf_counter()
            ocr_page(pdf[index], index + 1)
            ours += time.perf_counter() - start
            pages += 1
    print(f"{pages} scanned pages; {platform.machine()}, Python {platform.python_version()}")
    print(f"bare Tesseract   {bare / pages:6.2f} s/page")
    print(f"ita-extract OCR  {ours / pages:6.2f} s/page")
    print(f"ratio {ours / bare:.2f} (target ≤ 1.20)")


if __name__ == "__main__":
    main()
