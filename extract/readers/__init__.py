"""Readers: one per file format, each returning the same :class:`extract.model.Document`.

Readers know file formats and nothing about ITA. :func:`read_document` picks the reader by
extension; every failure to read is a :class:`ReadError` with a message for the user.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from extract.model import Document
from extract.readers.errors import ReadError
from extract.readers.options import ReadOptions

# Extension → (module, function) of its reader. A reader's module is imported when the first
# file of its format is read: the PDF reader brings pdfplumber, pypdfium2 and the OCR's SciPy,
# the web page reader BeautifulSoup (together some 0.6 s), which a command that reads no file
# (``ita-extract report``, ``--help``) need not wait for.
READERS: dict[str, tuple[str, str]] = {
    ".pdf": ("extract.readers.pdf", "read_pdf"),
    ".txt": ("extract.readers.text", "read_text"),
    ".md": ("extract.readers.text", "read_text"),
    ".html": ("extract.readers.html", "read_html"),
    ".htm": ("extract.readers.html", "read_html"),
}
SUPPORTED_SUFFIXES = tuple(READERS)

__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "ReadError",
    "ReadOptions",
    "read_document",
    "reader_for",
]


def reader_for(suffix: str) -> Callable[[Path, bytes, ReadOptions], Document] | None:
    """The reader of files with extension ``suffix`` (lower case, with its dot), imported on
    first use; ``None`` for an extension no reader reads."""
    spec = READERS.get(suffix)
    return getattr(importlib.import_module(spec[0]), spec[1]) if spec else None


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
    reader = reader_for(path.suffix.lower())
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
