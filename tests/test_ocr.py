"""Scanned PDFs through OCR (needs Tesseract with Thai: the README's commands install it).

Fixtures: tests/fixtures/scanned/, pages of the sample PDFs rendered at 150 dpi, turned,
blurred, noised and saved as JPEG (scripts/make_scanned_fixtures.py), in Thai and in Arabic
digits. Expected values are the samples' (tests/expected.py), read from the documents.
"""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from conftest import ROOT
from expected import EXPECTED_SCORES
from extract.readers.numbers_in_image import read_numbers
from extract.readers.ocr import tesseract_available
from pipeline import main
from tests_support import read_csv as read

SCANNED = ROOT / "tests" / "fixtures" / "scanned"
needs_tesseract = pytest.mark.skipif(
    not tesseract_available(), reason="tesseract-ocr-tha not installed"
)


@pytest.fixture(scope="module")
def scanned_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("scanned")
    files = [SCANNED / f"001_8921beb29c9612d0_{d}.pdf" for d in ("thai", "arabic")]
    files.append(SCANNED / "003_2db37be08ce2af76_thai.pdf")
    assert main(["run", *map(str, files), "--out", str(out), "-q"]) == 0
    return out


@needs_tesseract
def test_scanned_thai_digits_give_the_scores_confirmed(scanned_out):
    rows = [
        r
        for r in read(scanned_out / "indicator_scores.csv")
        if r["source_path"] == "001_8921beb29c9612d0_thai.pdf"
    ]
    assert {int(r["indicator_no"]): float(r["score"]) for r in rows} == EXPECTED_SCORES[
        "001_8921beb29c9612d0"
    ]
    doc = next(
        r
        for r in read(scanned_out / "documents.csv")
        if r["source_path"] == "001_8921beb29c9612d0_thai.pdf"
    )
    assert (doc["text_source"], doc["overall_score"], doc["assessment_year_be"]) == (
        "ocr",
        "91.76",
        "2568",
    )


@needs_tesseract
def test_no_scanned_score_is_wrong(scanned_out):
    """Every score written from a scan is the document's; unconfirmed ones are withheld."""
    for row in read(scanned_out / "indicator_scores.csv"):
        sample = row["source_path"][:20]
        assert float(row["score"]) == EXPECTED_SCORES[sample][int(row["indicator_no"])], row
    codes = {r["code"] for r in read(scanned_out / "validation.csv")}
    assert "OCR_USED" in codes


LAKSAMAN = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")


@pytest.mark.skipif(not LAKSAMAN.exists(), reason="fonts-tlwg-laksaman not installed")
def test_thai_digits_are_read_from_an_image():
    font = ImageFont.truetype(str(LAKSAMAN), 44)
    image = Image.new("L", (400, 80), 255)
    ImageDraw.Draw(image).text((10, 10), "๙๖.๖๗  ๔๘", font=font, fill=0)
    runs = read_numbers(np.asarray(image))
    assert [r.text for r in runs] == ["๙๖.๖๗", "๔๘"]


def test_unconfirmed_ocr_scores_are_withheld():
    from extract.candidates import FieldCandidate, IndicatorCandidate, Provenance
    from extract.metadata import MetadataCandidates
    from resolve import resolve

    scores = EXPECTED_SCORES["001_8921beb29c9612d0"]
    ocr = Provenance(page=1, line=3, method="table")
    cands = [IndicatorCandidate(n, v, "label", str(v), 100.0, ocr) for n, v in scores.items()]

    def overall(value):
        return MetadataCandidates(
            overall_scores=[FieldCandidate("overall_score", value, "", Provenance(1, 1, "prose"))]
        )

    confirmed = resolve(overall(91.76), cands, [], [], [], frozenset({1}))
    assert len(confirmed.indicators) == 10
    assert confirmed.fields["overall_score"] == 91.76
    wrong_overall = resolve(overall(31.0), cands, [], [], [], frozenset({1}))
    assert wrong_overall.indicators == []
    assert wrong_overall.fields["overall_score"] is None
    assert "OCR_UNCONFIRMED" in {f.code for f in wrong_overall.findings}
    text_layer = resolve(overall(31.0), cands, [], [], [], frozenset())
    assert len(text_layer.indicators) == 10  # not OCR: written, with OVERALL_MISMATCH
    assert "OVERALL_MISMATCH" in {f.code for f in text_layer.findings}
