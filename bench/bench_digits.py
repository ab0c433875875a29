"""Accuracy of reading numbers in scans: per score and per digit, on the scanned fixtures.

For every score-like token ("๙๖.๖๗", "100.00") on the pages of a sample PDF's text layer, the
same place is cut from the scanned fixture of those pages (tests/fixtures/scanned/), read with
``extract.readers.numbers_in_image.read_numbers`` and compared with the text layer. The scan
was turned by a small angle; the crop is generous and the reading is compared as a set of
numbers found in it.

    python bench/bench_digits.py [--model GLYPHS.npz]

``--model`` reads with another template file than the shipped one, e.g. one trained without
the fixtures' font to measure the classifier on a font it has not seen::

    python scripts/train_glyphs.py --hold-out Laksaman --out /tmp/held_out.npz
    python bench/bench_digits.py --model /tmp/held_out.npz
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.readers import glyphs
from extract.readers.numbers_in_image import read_numbers
from extract.readers.ocr import deskew, render_for_ocr, rule_mask

SCANNED = Path("tests/fixtures/scanned")
SOURCES = Path("data/raw/samples_pdf")
PAGES = {
    "001_8921beb29c9612d0": [1, 2],
    "002_6a4ead38d9ff2a9b": [1, 8, 9, 10, 11, 12, 13, 14],
    "003_2db37be08ce2af76": [1, 4, 5, 6, 7, 8, 9],
}
SCORE = re.compile(r"[0-9\u0e50-\u0e59]{1,3}\.[0-9\u0e50-\u0e59]{2}")


def tokens(page: pdfium.PdfPage) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Score tokens of a text-layer page with their boxes (points, top-left origin)."""
    tp = page.get_textpage()
    text = tp.get_text_range(0, tp.count_chars())
    height = page.get_size()[1]
    out = []
    for m in SCORE.finditer(text):
        boxes = [tp.get_charbox(i) for i in range(m.start(), m.end())]
        x0 = min(b[0] for b in boxes)
        x1 = max(b[2] for b in boxes)
        top = height - max(b[3] for b in boxes)
        bottom = height - min(b[1] for b in boxes)
        out.append((m.group(0), (x0, top, x1, bottom)))
    return out


def _agree(a: str, b: str) -> int:
    return sum(x == y for x, y in zip(a, b, strict=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, help="glyph templates (.npz) to read with")
    args = parser.parse_args()
    model = glyphs.load_templates(args.model.read_bytes()) if args.model is not None else None
    scores = right = digits = digits_right = 0
    for stem, pages in PAGES.items():
        source = pdfium.PdfDocument(str(SOURCES / f"{stem}.pdf"))
        scan = pdfium.PdfDocument(str(SCANNED / f"{stem}_thai.pdf"))
        for i, number in enumerate(pages):
            image, _turn = deskew(render_for_ocr(scan[i]))
            grey = np.asarray(image)
            grey = np.where(rule_mask(grey), 255, grey).astype(np.uint8)
            scale = image.width / scan[i].get_size()[0]
            for text, (x0, top, x1, bottom) in tokens(source[number - 1]):
                pad = 12
                crop = grey[
                    max(0, int(top * scale) - pad) : int(bottom * scale) + pad,
                    max(0, int(x0 * scale) - pad) : int(x1 * scale) + pad,
                ]
                read = [r.text for r in read_numbers(crop, model=model)]
                scores += 1
                right += text in read
                best = max(
                    read,
                    key=lambda r: sum(a == b for a, b in zip(r, text, strict=False)),
                    default="",
                )
                digits += len(text)
                digits_right += _agree(best, text)
                if text not in read:
                    print(f"  {stem} p{number}: {text} read as {read}")
    print(f"scores: {right}/{scores} = {right / max(scores, 1):.1%} read exactly")
    print(f"digits: {digits_right}/{digits} = {digits_right / max(digits, 1):.1%}")


if __name__ == "__main__":
    main()
