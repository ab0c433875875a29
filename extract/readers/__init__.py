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
from extract.readers.options import ReadOptions
from extract.readers.pdf import read_pdf
from extract.readers.text import read_text

READERS: dict[str, Callable[[Path, bytes, ReadOptions], Document]] = {
    ".pdf": read_pdf,
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_SUFFIXES = tuple(READERS)

__all__ = ["READERS", "SUPPORTED_SUFFIXES", "ReadError", "ReadOptions", "read_document"]


def read_document(
    path: Path, data: bytes | None = None, options: ReadOptions | None = None
) -> Document:
    """Read one input file into a Document.

    Args:
        path: the file; its extension picks the reader, and it is the Document's ``path``.
        data: the file's bytes when the caller has read them already (the pipeline reads each
            file once and extracts exactly the bytes it hashed); else ``path`` is read.
        options: limits of the OCR of scanned pages (default: ``ReadOptions()``).

    Raises:
        ReadError: unknown extension, or the format's reader could not read the file.
        OSError: ``data`` is None and the file could not be read.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(
            f"unsupported file type {path.suffix or '(no extension)'!r}: "
            f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if data is None:
        data = path.read_bytes()
    if not data:
        raise ReadError("empty file")
    return reader(path, data, options or ReadOptions())
