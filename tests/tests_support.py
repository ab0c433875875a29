"""Helpers shared by the tests (kept out of conftest so they can be imported by name)."""

import csv
from pathlib import Path

from extract.model import Document
from extract.readers.text import parse_text


def text_document(text: str) -> Document:
    """A one-page Document made from scraped-text lines, as the text reader makes it."""
    return Document(path="inline.txt", file_type="txt", pages=[parse_text(text)])


def read_csv(path: Path) -> list[dict[str, str]]:
    """An output table as a list of rows (column → text)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
