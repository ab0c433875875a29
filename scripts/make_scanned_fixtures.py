"""Make scanned versions of the sample PDFs: image-only PDFs, as a scanner makes them.

For samples 001, 002 and 003, in Thai digits (the committed sample PDFs) and in Arabic digits
(the same reports with every Thai digit written as an Arabic one, made like the samples), the
pages that carry the title block and the scores are rendered at 150 dpi in grey, turned by a
small random angle, blurred and noised a little, saved as JPEG (quality 50) and wrapped into
an image-only PDF (img2pdf). Output: ``tests/fixtures/scanned/<sample>_<thai|arabic>.pdf``.

Needs LibreOffice and the Thai fonts for the Arabic-digit PDFs (see make_sample_pdfs.py) and
img2pdf; running and testing the project does not: the fixtures are committed. Run from the
repository root::

    python scripts/make_scanned_fixtures.py
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from pathlib import Path

import img2pdf
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from pythainlp.util import thai_digit_to_arabic_digit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_sample_pdfs import SAMPLES, convert, to_html

OUT = Path("tests/fixtures/scanned")
DPI = 150
# Pages (1-based) of each sample PDF that hold the title block and the scores.
PAGES = {
    "001_8921beb29c9612d0": [1, 2],
    "002_6a4ead38d9ff2a9b": [1, 8, 9, 10, 11, 12, 13, 14],
    "003_2db37be08ce2af76": [1, 4, 5, 6, 7, 8, 9],
}


def scan(pdf_path: Path, pages: list[int], out: Path, seed: int) -> None:
    """Write an image-only PDF of ``pages`` of ``pdf_path`` as a scanner would."""
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(pdf_path))
    jpegs = []
    for number in pages:
        image = pdf[number - 1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        image = image.rotate(float(rng.uniform(-0.8, 0.8)), Image.Resampling.BICUBIC, fillcolor=255)
        image = image.filter(ImageFilter.GaussianBlur(0.4))
        a = np.asarray(image, dtype=np.float32) + rng.normal(0, 3, (image.height, image.width))
        image = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=50, dpi=(DPI, DPI))
        jpegs.append(buffer.getvalue())
    layout = img2pdf.get_fixed_dpi_layout_fun((DPI, DPI))
    out.write_bytes(img2pdf.convert(jpegs, layout_fun=layout))
    print("wrote", out, out.stat().st_size, "bytes")


def arabic_pdf(sample: Path, work: Path) -> Path:
    """The sample with Arabic digits, made the way make_sample_pdfs.py makes the samples."""
    text = thai_digit_to_arabic_digit(sample.read_text(encoding="utf-8"))
    page = work / (sample.stem + ".html")
    page.write_text(to_html(text), encoding="utf-8")
    docx = convert(page, "docx:MS Word 2007 XML", work)
    return convert(docx, "pdf:writer_pdf_Export", work)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for seed, (stem, pages) in enumerate(sorted(PAGES.items())):
            scan(
                Path("data/raw/samples_pdf") / f"{stem}.pdf", pages, OUT / f"{stem}_thai.pdf", seed
            )
            arabic = arabic_pdf(SAMPLES / f"{stem}.txt", Path(tmp))
            kept = Path(tmp) / f"{stem}_arabic_source.pdf"
            shutil.copy(arabic, kept)
            scan(kept, pages, OUT / f"{stem}_arabic.pdf", seed + 10)


if __name__ == "__main__":
    main()
