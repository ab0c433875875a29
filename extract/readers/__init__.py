"""Readers: one per file format, each returning the same :class:`extract.model.Document`.

Readers know file formats and nothing about ITA. :func:`read_document` picks the reader by
extension; every failure to read is a :class:`ReadError` with a message for the user.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extract.model import Document
from extract.readers.errors import ReadError
from extract.readers.html import read_html
from extract.readers.pdf import read_pdf
from extract.readers.text import read_text

READERS: dict[str, Callable[[Path], Document]] = {
    ".pdf": read_pdf,
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_SUFFIXES = tuple(READERS)

__all__ = ["READERS", "SUPPORTED_SUFFIXES", "ReadError", "read_document"]


def read_document(path: Path) -> Document:
    """Read one input file into a Document.

    Raises:
        ReadError: unknown extension, or the format's reader could not read the file.
        OSError: the file could not be opened at all.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(
            f"unsupported file type {path.suffix or '(no extension)'!r}: "
            f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if path.stat().st_size == 0:
        raise ReadError("empty file")
    return reader(path)
