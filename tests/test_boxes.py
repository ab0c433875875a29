"""The source box of each value (``x0, y0, x1, y1`` in indicator_scores, item_scores and
measures): drawn on its page, it holds the value's digits.

Expected values are read from the documents: sample 001 (data/raw/samples/001_….txt, the
same report as samples_pdf/001_….pdf) gives indicator 4, การใช้ทรัพย์สินของราชการ, ๙๘.๘๙
(its summary table, line 26) and item i1 ๙๖.๖๗ (line 66); the scanned fixtures
(tests/fixtures/scanned/) are pages of that PDF rendered as images, with Arabic digits in
``…_arabic.pdf``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageOps

from extract.model import Page, turn_about_centre
from extract.readers.ocr import tesseract_available
from ita_extract import extract_file
from normalize.text import thai_digits_to_arabic

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "data" / "raw" / "samples_pdf" / "001_8921beb29c9612d0.pdf"
TEXT = ROOT / "data" / "raw" / "samples" / "001_8921beb29c9612d0.txt"
SCAN = ROOT / "tests" / "fixtures" / "scanned" / "001_8921beb29c9612d0_arabic.pdf"


def _box(row) -> tuple[float, float, float, float]:
    return (row.x0, row.y0, row.x1, row.y1)


def _text_in_box(path: Path, page: int, box: tuple[float, float, float, float]) -> str:
    """The text layer's characters inside ``box`` (top-left origin, PDF points) of ``page``
    (1-based), with Arabic digits."""
    pdf = pdfium.PdfDocument(path)
    try:
        p = pdf[page - 1]
        height = p.get_height()
        x0, top, x1, bottom = box
        text = p.get_textpage().get_text_bounded(
            left=x0, bottom=height - bottom, right=x1, top=height - top
        )
        return thai_digits_to_arabic(text)
    finally:
        pdf.close()


def _inked_box(path: Path, page: int, box: tuple[float, float, float, float], scale: float):
    """The page rendered at ``scale`` pixels per point, cut to ``box`` (drawn as the data
    dictionary says: (x0·s, y0·s)–(x1·s, y1·s)), in greyscale."""
    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[page - 1].render(scale=scale, grayscale=True).to_pil()
    finally:
        pdf.close()
    return image.crop(tuple(round(v * scale) for v in box))


@pytest.fixture(scope="module")
def pdf_result():
    return extract_file(PDF)


def test_a_score_s_box_on_its_page_holds_the_score_s_digits(pdf_result):
    (row,) = [r for r in pdf_result.indicators if r.indicator_no == 4]
    assert row.score == 98.89
    inside = _text_in_box(PDF, row.page, _box(row))
    assert "98.89" in inside
    assert "การใช้ทรัพย์สิน" not in inside  # the score's cell, not the whole row
    crop = _inked_box(PDF, row.page, _box(row), scale=2)
    assert crop.getextrema()[0] < 128  # ink: the digits are drawn inside the box


def test_an_item_s_box_holds_its_score_and_a_measure_s_its_title(pdf_result):
    (item,) = [r for r in pdf_result.items if r.item_code == "i1"]
    assert "96.67" in _text_in_box(PDF, item.page, _box(item))
    measure = pdf_result.measures[0]
    inside = re.sub(r"\s", "", _text_in_box(PDF, measure.page, _box(measure)))
    assert re.sub(r"\s", "", measure.title)[:12] in inside


def test_every_box_of_a_pdf_lies_on_its_page(pdf_result):
    pdf = pdfium.PdfDocument(PDF)
    sizes = [pdf[i].get_size() for i in range(len(pdf))]
    pdf.close()
    rows = [*pdf_result.indicators, *pdf_result.items, *pdf_result.measures]
    assert len(rows) > 50
    for r in rows:
        width, height = sizes[r.page - 1]
        assert 0 <= r.x0 < r.x1 <= width + 1 and 0 <= r.y0 < r.y1 <= height + 1, r


def test_text_files_have_no_boxes():
    result = extract_file(TEXT)
    rows = [*result.indicators, *result.items, *result.measures]
    assert rows
    assert all((r.x0, r.y0, r.x1, r.y1) == (None, None, None, None) for r in rows)


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
def test_a_scanned_score_s_box_is_in_the_page_s_points_and_holds_its_digits():
    import pytesseract

    result = extract_file(SCAN)
    (row,) = [r for r in result.indicators if r.indicator_no == 4]
    assert row.score == 98.89
    crop = _inked_box(SCAN, row.page, _box(row), scale=300 / 72)
    # a white margin round the cut (nothing from outside the box) helps Tesseract find a line
    framed = ImageOps.expand(crop, border=20, fill=255)
    config = "--psm 7 -c tessedit_char_whitelist=0123456789."
    read = pytesseract.image_to_string(framed, lang="eng", config=config)
    assert re.sub(r"\D", "", read) == "9889"  # all the score's digits, and no other


def test_a_box_of_a_page_read_turned_upright_is_turned_back_onto_the_page():
    """A skewed scan is read turned upright (extract.readers.ocr.deskew turns the image with
    PIL's rotate); the box of a mark found upright lands on the mark of the page as it is."""
    page = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(page).rectangle((300, 50, 319, 69), fill=0)
    turn = 2.5
    upright = np.asarray(page.rotate(turn, resample=Image.Resampling.BICUBIC, fillcolor=255))
    ys, xs = np.nonzero(upright < 128)
    found = (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
    assert abs(found[0] - 300) + abs(found[1] - 50) > 5  # the turn moved the mark
    turned = Page(1, "ocr", width=400, height=300, to_page=turn_about_centre(turn, 400, 300))
    x0, y0, x1, y1 = turned.in_page_frame(found)
    assert x0 <= 301 and y0 <= 51 and x1 >= 319 and y1 >= 69  # holds the mark …
    assert x1 - x0 < 25 and y1 - y0 < 25  # … and little more
    assert Page(number=1, text_source="ocr", width=400, height=300).in_page_frame(found) == found


def _shown_box(path: Path, page: int, box, scale: float = 2.0):
    """The box cut from the page as pypdfium2 renders it (crop box and /Rotate applied)."""
    return _inked_box(path, page, box, scale)


@pytest.mark.parametrize("change", ["crop", "rotate"])
def test_a_box_follows_the_page_as_shown_when_it_is_cropped_or_rotated(tmp_path, change):
    """A PDF page with a crop box off the origin (Acrobat's "Crop pages") or a /Rotate is
    shown moved or turned; its boxes must be drawn on the page as shown, as the README says
    (``render`` then ``(x0·s, y0·s)–(x1·s, y1·s)``): the pixels inside the box of indicator 4
    on the changed page are those inside its box on the original (found holding ๙๘.๘๙ above)."""
    pdf = pdfium.PdfDocument(PDF)
    for p in pdf:
        if change == "crop":
            left, bottom, right, top = p.get_cropbox()
            p.set_cropbox(left + 40, bottom + 30, right - 20, top - 50)
        else:
            p.set_rotation(90)
    changed = tmp_path / f"{change}.pdf"
    pdf.save(changed)
    pdf.close()

    def score_box(path):
        (row,) = [r for r in extract_file(path).indicators if r.indicator_no == 4]
        assert row.score == 98.89
        return row.page, _box(row)

    page, box = score_box(PDF)
    changed_page, changed_box = score_box(changed)
    original = np.asarray(_shown_box(PDF, page, box), dtype=float)
    shown = _shown_box(changed, changed_page, changed_box)
    if change == "rotate":
        shown = shown.rotate(90, expand=True)  # the page is shown turned a quarter clockwise
    shown = np.asarray(shown, dtype=float)
    assert abs(shown.shape[0] - original.shape[0]) <= 1
    assert abs(shown.shape[1] - original.shape[1]) <= 1
    h, w = min(shown.shape[0], original.shape[0]), min(shown.shape[1], original.shape[1])
    assert original[:h, :w].min() < 128  # the original box holds ink (the digits)
    assert np.abs(shown[:h, :w] - original[:h, :w]).mean() < 10  # the same pixels
