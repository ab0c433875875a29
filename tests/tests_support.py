"""Helpers shared by the tests (kept out of conftest so they can be imported by name)."""

from extract.model import Document
from extract.readers.text import parse_text


def text_document(text: str) -> Document:
    """A one-page Document made from scraped-text lines, as the text reader makes it."""
    return Document(path="inline.txt", file_type="txt", pages=[parse_text(text)])
