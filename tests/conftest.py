"""Shared helpers: run the recognisers on a few lines of report text; the samples in a
folder of a test's own."""

import shutil
from pathlib import Path

import pytest

from extract.indicators import recognise_indicators
from extract.metadata import recognise_metadata
from extract.paragraphs import paragraphs
from tests_support import text_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "raw" / "samples"
SAMPLES_PDF = ROOT / "data" / "raw" / "samples_pdf"


@pytest.fixture
def texts(tmp_path):
    """The five text samples in a folder of their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def indicators_of():
    """Indicator candidates of a text as {number: [scores]}, with the findings."""

    def run(text: str):
        doc = text_document(text)
        candidates, findings = recognise_indicators(doc, paragraphs(doc))
        found: dict[int, list[float]] = {}
        for c in candidates:
            found.setdefault(c.number, []).append(c.score)
        return found, findings

    return run


@pytest.fixture
def metadata_of():
    def run(text: str):
        doc = text_document(text)
        return recognise_metadata(doc, paragraphs(doc))

    return run
